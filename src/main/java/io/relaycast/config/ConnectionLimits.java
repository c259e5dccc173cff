package io.relaycast.config;

/**
 * How many connections the server takes, so that a flood of them (a slowloris, a broken client reconnecting in a
 * loop) cannot use up the process's open files, which playlists, logs and relays need too.
 *
 * @param maxConnections        connections open at once, of every kind (Icecast's {@code <clients>}); 0 for as many
 *                              as the open-files limit leaves, with some kept free for files
 * @param maxPendingPerAddress  connections one address may hold that have not yet sent a complete request; 0 for no
 *                              limit
 * @param maxSources            live sources (encoders and relays) at once, as Icecast's {@code <sources>}: an encoder
 *                              beyond them is refused, unless it takes over a mount already live; 0 for no limit
 */
public record ConnectionLimits(int maxConnections, int maxPendingPerAddress, int maxSources) {

    public static final int DEFAULT_MAX_PENDING_PER_ADDRESS = 100;

    /** No configured cap beyond the open-files limit, the default per address, and no limit on sources. */
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(0, DEFAULT_MAX_PENDING_PER_ADDRESS, 0);

    public ConnectionLimits {
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max-connections must be 0 (as the open-files limit allows) or more, was "
                    + maxConnections);
        }
        if (maxPendingPerAddress < 0) {
            throw new IllegalArgumentException("max-pending-per-address must be 0 (no limit) or more, was "
                    + maxPendingPerAddress);
        }
        if (maxSources < 0) {
            throw new IllegalArgumentException("max-sources must be 0 (no limit) or more, was " + maxSources);
        }
    }

    /** No limit on sources. */
    public ConnectionLimits(int maxConnections, int maxPendingPerAddress) {
        this(maxConnections, maxPendingPerAddress, 0);
    }
}
