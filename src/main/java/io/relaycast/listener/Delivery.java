package io.relaycast.listener;

import io.relaycast.config.BurstSize;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.ServerConfig;
import java.time.Duration;

/**
 * How audio is delivered to each listener.
 *
 * @param burst         recent audio sent at once on connect
 * @param stallTimeout  a listener that takes nothing for this long is disconnected
 * @param writeInterval a listener at the live edge is written to once per this much audio, each block of listeners
 *                      (see {@code turnBlock}) at its own offset within the interval: fewer, larger writes cost much less
 *                      CPU (a send is one syscall and one TCP segment), and spreading the turns keeps each fan-out, and so
 *                      the relay latency, small. An interval no longer than a chunk writes every chunk to everyone.
 * @param maxDuration   a listener is disconnected after this long (a mount's {@code max-listener-duration}), or null
 * @param turnBlock     listeners take their turns in blocks of this many consecutive connections, which share an offset
 *                      ({@link #TURN_BLOCK} unless a test wants each listener on a turn of its own)
 */
public record Delivery(BurstSize burst, Duration stallTimeout, Duration writeInterval, Duration maxDuration,
                       int turnBlock) {

    /**
     * Listeners set up one after the other have their objects, in the JVM and in the kernel (sockets, files, descriptor
     * table entries), close together; a fan-out that writes whole blocks of them walks memory in order. At 12,000 listeners
     * that took 18% off the server's CPU at steady state, against a turn for each listener (docs/benchmark.md, "Session 10").
     */
    public static final int TURN_BLOCK = 64;

    public Delivery {
        if (writeInterval.isNegative() || writeInterval.isZero()) {
            throw new IllegalArgumentException("the write interval must be positive");
        }
        if (turnBlock < 1) {
            throw new IllegalArgumentException("a turn block holds at least one listener");
        }
    }

    public Delivery(BurstSize burst, Duration stallTimeout, Duration writeInterval, Duration maxDuration) {
        this(burst, stallTimeout, writeInterval, maxDuration, TURN_BLOCK);
    }

    /** These settings with the listening time cut to {@code limit} if that is shorter (null: as they are). */
    public Delivery limitedTo(Duration limit) {
        if (limit == null || maxDuration != null && maxDuration.compareTo(limit) <= 0) {
            return this;
        }
        return new Delivery(burst, stallTimeout, writeInterval, limit, turnBlock);
    }

    /** The server's settings. */
    public static Delivery of(ServerConfig config) {
        return of(config, ListenerRules.NONE);
    }

    /** The server's settings under a mount's own rules. */
    public static Delivery of(ServerConfig config, ListenerRules rules) {
        return new Delivery(rules.burstOr(config.burstSize()), config.listenerTimeout(), config.writeInterval(),
                rules.maxDuration());
    }
}
