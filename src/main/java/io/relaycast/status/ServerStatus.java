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
     * @param encoderConnections  encoders that took a mount since the server started
     * @param relayConnections    relays of this server that took a mount since it started
     * @param openConnections     connections open now, of every kind
     * @param connections         connections accepted since the server started
     * @param clientConnections   of those, the ones that were not sources
     * @param filesServed         web page files served since the server started
     */
    public record Counters(long liveSources, long listenerConnections, long encoderConnections, long relayConnections,
                           long openConnections, long connections, long clientConnections, long filesServed) {

        /** Live sources of both kinds that took a mount since the server started. */
        public long sourceConnections() {
            return encoderConnections + relayConnections;
        }
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
