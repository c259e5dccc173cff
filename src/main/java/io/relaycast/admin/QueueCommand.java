package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.playlist.Jukebox;

/** {@code /admin/queue?mount=&track=ID}: plays the playlist track with that id next. */
final class QueueCommand implements AdminCommand {

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Jukebox jukebox = request.jukebox();
        String id = request.require("track");
        if (!jukebox.enqueue(id)) {
            return AdminReply.failure(HttpResponseStatus.NOT_FOUND, "No such track: " + id);
        }
        return AdminReply.success("Queued " + id);
    }
}
