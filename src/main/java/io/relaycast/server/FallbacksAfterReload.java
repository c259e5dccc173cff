package io.relaycast.server;

import io.relaycast.config.FallbackChain;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.mount.FallbackPacer;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The fallback mount each mount would have once a reload is in force: the one the reload sets where it changes the
 * mount's {@code fallback-mount}, else the one the mount has now, which the admin's {@code fallbacks} may have set at run
 * time. The file alone is checked when it is read; a circle it makes only together with those is found here.
 */
final class FallbacksAfterReload {

    private FallbacksAfterReload() {
    }

    /**
     * Refuses {@code reread} with an {@link IllegalArgumentException} naming the circle if, once in force, mounts would
     * fall back on each other in one: each would wait for the others' frames, all silent.
     */
    static void requireNoCircle(MountRegistry mounts, ServerConfig running, ServerConfig reread) {
        UnaryOperator<String> fallbackOf = path -> fallbackAfter(mounts, running, reread, path);
        Set<String> starts = new LinkedHashSet<>();
        reread.mounts().forEach(mount -> starts.add(mount.path()));
        mounts.all().forEach(mount -> starts.add(mount.path()));
        for (String start : starts) {
            List<String> circle = FallbackChain.circleFrom(start, fallbackOf);
            if (!circle.isEmpty()) {
                throw new IllegalArgumentException("fallback mounts would go round in a circle with those set by "
                        + "/admin/fallbacks: " + String.join(" -> ", circle));
            }
        }
    }

    private static String fallbackAfter(MountRegistry mounts, ServerConfig running, ServerConfig reread, String path) {
        String configured = configuredFallback(reread, path);
        if (!Objects.equals(configuredFallback(running, path), configured)) {
            return configured;
        }
        Mount mount = mounts.find(path);
        FallbackPacer pacer = mount == null ? null : mount.fallback();
        return pacer == null ? configured : pacer.fallbackPath();
    }

    /** The mount's {@code fallback-mount} in {@code config}: its own, or its mount-defaults'; or null. */
    private static String configuredFallback(ServerConfig config, String path) {
        MountConfig settings = config.mountSettings(path);
        return settings == null ? null : settings.fallbackMount();
    }
}
