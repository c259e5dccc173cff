package io.relaycast.listener;

import io.relaycast.config.BurstSize;
import io.relaycast.config.ServerConfig;
import java.time.Duration;

/**
 * How audio is delivered to each listener.
 *
 * @param burst         recent audio sent at once on connect
 * @param stallTimeout  a listener that takes nothing for this long is disconnected
 * @param writeInterval a listener at the live edge is written to once per this much audio, each listener at its own
 *                      offset within the interval: fewer, larger writes cost much less CPU (a send is one syscall and one
 *                      TCP segment), and spreading the turns keeps each fan-out, and so the relay latency, small. An
 *                      interval no longer than a chunk writes every chunk to everyone.
 */
public record Delivery(BurstSize burst, Duration stallTimeout, Duration writeInterval) {

    public Delivery {
        if (writeInterval.isNegative() || writeInterval.isZero()) {
            throw new IllegalArgumentException("the write interval must be positive");
        }
    }

    public static Delivery of(ServerConfig config) {
        return new Delivery(config.burstSize(), config.listenerTimeout(), config.writeInterval());
    }
}
