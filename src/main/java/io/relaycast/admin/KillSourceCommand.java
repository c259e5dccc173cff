package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;

/**
 * {@code /admin/killsource?mount=}: disconnects the mount's live encoder. Listeners stay; the mount falls back to whatever
 * else feeds it, as when the encoder leaves on its own.
 */
final class KillSourceCommand implements AdminCommand {

    @Override
    public String name() {
        return "killsource";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Mount mount = request.mount();
        LiveSource live = mount.liveSource();
        if (live == null) {
            return AdminReply.failure(HttpResponseStatus.NOT_FOUND, "No live source on " + mount.path());
        }
        live.disconnect();
        return AdminReply.success("Source Removed");
    }
}
