package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.RequestHost;
import io.relaycast.http.RequestPath;
import io.relaycast.mount.Mount;
import io.relaycast.playlist.Jukebox;
import io.relaycast.server.ServerContext;
import io.relaycast.status.StatusReport;

/**
 * What an admin command works with: its parameters, the host the client used, and the server.
 *
 * @param path    the request's path and query
 * @param host    the host the client asked for (for URLs in replies)
 * @param context the server's registries
 * @param report  the shared status snapshot builder
 */
public record AdminRequest(RequestPath path, RequestHost host, ServerContext context, StatusReport report) {

    public String param(String name) {
        String value = path.param(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The mount named by {@code mount=}; throws a reply-carrying failure when missing or unknown. */
    public Mount mount() {
        String mountPath = param("mount");
        if (mountPath == null) {
            throw new AdminFailure(HttpResponseStatus.BAD_REQUEST, "Missing parameter: mount");
        }
        Mount mount = context.mounts().find(mountPath);
        if (mount == null || mount.isClosed()) {
            throw new AdminFailure(HttpResponseStatus.NOT_FOUND, "Source does not exist");
        }
        return mount;
    }

    /** The jukebox of the mount named by {@code mount=}; throws when the mount has none. */
    public Jukebox jukebox() {
        Mount mount = mount();
        return context.jukeboxes().forMount(mount.path())
                .orElseThrow(() -> new AdminFailure(HttpResponseStatus.NOT_FOUND, "No playlist on " + mount.path()));
    }

    public String require(String name) {
        String value = param(name);
        if (value == null) {
            throw new AdminFailure(HttpResponseStatus.BAD_REQUEST, "Missing parameter: " + name);
        }
        return value;
    }
}
