package io.relaycast.status;

/**
 * Who and where the server is, without its mounts: what Icecast's {@code server_version.xsl} shows. Cheap to build,
 * so pages that show only this can be answered on an event loop without a snapshot of every mount.
 */
public record ServerIdentity(String admin, String host, String location, String serverId) {
}
