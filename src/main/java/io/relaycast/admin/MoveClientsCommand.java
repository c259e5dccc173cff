package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.listener.ListenerHandler;
import io.relaycast.mount.Mount;

/**
 * {@code /admin/moveclients?mount=&destination=}: moves every listener of the mount to another, at its live edge and
 * without reconnecting, with Icecast's checks and messages.
 */
final class MoveClientsCommand implements AdminCommand {

    @Override
    public String name() {
        return "moveclients";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Mount mount = request.mount();
        String destinationPath = request.require("destination");
        Mount destination = request.context().mounts().find(destinationPath);
        if (destination == null) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "No such destination");
        }
        if (destination == mount) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "supplied mountpoints are identical");
        }
        if (!destination.isListenable()) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "Destination not running");
        }
        for (ListenerHandler listener : request.context().listeners().onMount(mount.path())) {
            listener.moveTo(destination);
        }
        return AdminReply.success("Clients moved from " + mount.path() + " to " + destination.path());
    }
}
