package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.config.FallbackChain;
import io.relaycast.mount.FallbackPacer;
import io.relaycast.mount.Mount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/fallbacks?mount=&fallback=}: from now on the mount relays {@code fallback} while nobody is live on it, as
 * Icecast's command of the same name; until the server restarts, or a config reload changes the mount's
 * {@code fallback-mount}, which then applies. The switch is on a frame boundary, like every other one. The fallback
 * mount must exist, and must not fall back on this mount itself, directly or through others: mounts relaying each other
 * would each wait for the other's frames, all silent.
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
        return request.context().mounts().changingFallbacks(() -> relayFallback(request, mount, pacer, path));
    }

    /** Checks that no circle comes of it and sets it, while no other change of fallbacks runs. */
    private static AdminReply relayFallback(AdminRequest request, Mount mount, FallbackPacer pacer, String path) {
        Mount fallback = request.context().mounts().find(path);
        if (fallback == null || fallback.isClosed()) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "No such mount: " + path);
        }
        if (!FallbackChain.circleFrom(mount.path(), from -> from.equals(mount.path()) ? path
                : fallbackOf(request, from)).isEmpty()) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, path + " falls back to " + mount.path()
                    + " already: " + mount.path() + " cannot fall back to it");
        }
        pacer.relayFrom(fallback);
        log.info("admin: mount {} now falls back to {}", mount.path(), path);
        return AdminReply.success("Fallback configured");
    }

    /** The mount {@code path} relays, or waits for, when nobody is live on it; or null. */
    private static String fallbackOf(AdminRequest request, String path) {
        Mount mount = request.context().mounts().find(path);
        FallbackPacer pacer = mount == null ? null : mount.fallback();
        return pacer == null ? null : pacer.fallbackPath();
    }
}
