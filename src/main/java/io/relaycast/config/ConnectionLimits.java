package io.relaycast.config;

/**
 * How many connections the server takes, so that a flood of them (a slowloris, a broken client reconnecting in a
 * loop) cannot use up the process's open files, which playlists, logs and relays need too.
 *
 * @param maxConnections        connections open at once, of every kind (Icecast's {@code <clients>}); 0 for as many
 *                              as the open-files limit leaves, with some kept free for files
 * @param maxPendingPerAddress  connections one address may hold that have not yet sent a complete request; 0 for no
 *                              limit
 */
public record ConnectionLimits(int maxConnections, int maxPendingPerAddress) {

    public static final int DEFAULT_MAX_PENDING_PER_ADDRESS = 100;

    /** No configured cap beyond the open-files limit, and the default per address. */
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(0, DEFAULT_MAX_PENDING_PER_ADDRESS);

    public ConnectionLimits {
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max-connections must be 0 (as the open-files limit allows) or more, was "
                    + maxConnections);
        }
        if (maxPendingPerAddress < 0) {
            throw new IllegalArgumentException("max-pending-per-address must be 0 (no limit) or more, was "
                    + maxPendingPerAddress);
        }
    }
}
