package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.mount.FallbackPacer;
import io.relaycast.mount.Mount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/fallbacks?mount=&fallback=}: from now on the mount relays {@code fallback} while nobody is live on it, as
 * Icecast's command of the same name; until the server restarts, or a config reload changes the mount's
 * {@code fallback-mount}, which then applies. The switch is on a frame boundary, like every other one. The fallback
 * mount must exist.
 */
final class FallbacksCommand implements AdminCommand {

    private static final Logger log = LoggerFactory.getLogger(FallbacksCommand.class);

    @Override
    public String name() {
        return "fallbacks";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Mount mount = request.mount();
        String path = request.require("fallback");
        FallbackPacer pacer = mount.fallback();
        if (pacer == null) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, mount.path() + " takes no fallback");
        }
        if (path.equals(mount.path())) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "A mount cannot be its own fallback");
        }
        Mount fallback = request.context().mounts().find(path);
        if (fallback == null || fallback.isClosed()) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "No such mount: " + path);
        }
        pacer.relayFrom(fallback);
        log.info("admin: mount {} now falls back to {}", mount.path(), path);
        return AdminReply.success("Fallback configured");
    }
}
