package io.relaycast.listener;

import io.relaycast.config.BurstSize;
import io.relaycast.config.ServerConfig;
import java.time.Duration;

/**
 * How audio is delivered to each listener.
 *
 * @param burst          recent audio sent at once on connect
 * @param stallTimeout   a listener that takes nothing for this long is disconnected
 * @param chunksPerWrite a listener at the live edge is written to once per this many chunks, each listener on its own
 *                       turn; fewer, larger writes cost much less CPU (one send syscall each), and spreading the turns
 *                       keeps each fan-out, and so the relay latency, small
 */
public record Delivery(BurstSize burst, Duration stallTimeout, int chunksPerWrite) {

    public Delivery {
        if (chunksPerWrite < 1) {
            throw new IllegalArgumentException("chunks per write must be at least 1");
        }
    }

    public static Delivery of(ServerConfig config) {
        return new Delivery(config.burstSize(), config.listenerTimeout(), config.chunksPerWrite());
    }
}
