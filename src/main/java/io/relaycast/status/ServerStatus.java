package io.relaycast.status;

import java.time.Instant;
import java.util.List;

/**
 * The server-wide part of Icecast's {@code icestats} plus every listed mount.
 *
 * @param admin     contact of the operator
 * @param host      the host name the client used
 * @param location  where the server says it is
 * @param serverId  software and version
 * @param started   when the server started
 * @param listeners listeners on the whole server
 * @param sources   the mounts that can be listened to now, by path
 * @param counters  connection counts since the server started
 */
public record ServerStatus(String admin, String host, String location, String serverId, Instant started, long listeners,
                           List<MountStatus> sources, Counters counters) {

    /**
     * What Icecast's admin stats count server-wide.
     *
     * @param liveSources         live sources (encoders and relays) now
     * @param listenerConnections listeners that connected since the server started
     * @param sourceConnections   live sources that took a mount since the server started
     */
    public record Counters(long liveSources, long listenerConnections, long sourceConnections) {
    }

    /**
     * This status with only the mount at {@code mount} (none if it is not listed), as Icecast narrows its status pages
     * and admin stats to a {@code mount=} parameter; null or empty: every mount.
     */
    public ServerStatus only(String mount) {
        if (mount == null || mount.isEmpty()) {
            return this;
        }
        return new ServerStatus(admin, host, location, serverId, started, listeners,
                sources.stream().filter(source -> source.mount().equals(mount)).toList(), counters);
    }
}
