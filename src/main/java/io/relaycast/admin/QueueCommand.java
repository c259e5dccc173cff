package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.playlist.Jukebox;

/** {@code /admin/queue?mount=&track=ID}: plays the playlist track with that id next; 409 when the queue is full. */
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
        return switch (jukebox.enqueue(id)) {
            case QUEUED -> AdminReply.success("Queued " + id);
            case NO_SUCH_TRACK -> AdminReply.failure(HttpResponseStatus.NOT_FOUND, "No such track: " + id);
            case QUEUE_FULL -> AdminReply.failure(HttpResponseStatus.CONFLICT, "Queue full");
        };
    }
}
