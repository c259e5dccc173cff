package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.listener.ListenerHandler;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;

/** {@code /admin/killclient?mount=&id=}: disconnects one listener of the mount, counted as kicked. */
final class KillClientCommand implements AdminCommand {

    @Override
    public String name() {
        return "killclient";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Mount mount = request.mount();
        String idText = request.require("id");
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException notANumber) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "Client id must be a number");
        }
        ListenerHandler listener = request.context().listeners().find(id);
        if (listener == null || !listener.mountPath().equals(mount.path())) {
            return AdminReply.failure(HttpResponseStatus.NOT_FOUND, "Client " + id + " not found");
        }
        listener.disconnect(DisconnectReason.KICKED);
        return AdminReply.success("Client " + id + " removed");
    }
}
