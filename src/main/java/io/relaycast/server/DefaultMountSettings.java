package io.relaycast.server;

import io.relaycast.config.MountConfig;
import io.relaycast.config.MountDefaults;
import io.relaycast.config.ServerConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import io.relaycast.playlist.AutoDj;
import java.util.Objects;

/**
 * Sets up each mount that no config names (a source went live on it, a master's relay made it) with the settings of
 * the first {@code mount-defaults} entry matching its path, as Icecast applies its default mount: what its listeners get
 * (limits, burst, name and description, hidden, headers, intro), its declared format and re-encoding, and its fallback
 * mount.
 * Passwords and authentication are looked up per request ({@link io.relaycast.auth.Authenticator}), and so are the
 * programs and backends told when a source comes and goes ({@link io.relaycast.hooks.SourceHooks}); a reload gives the
 * mounts there are the new entry's settings.
 */
final class DefaultMountSettings {

    private final LiveConfig live;
    private final MountRegistry mounts;
    private final AutoDj autoDj;

    /** Sets up every mount created from now on; create it after {@link AutoDj}, which gives each mount its pacer first. */
    DefaultMountSettings(LiveConfig live, MountRegistry mounts, AutoDj autoDj) {
        this.live = live;
        this.mounts = mounts;
        this.autoDj = autoDj;
        mounts.onMountCreated(this::setUp);
    }

    private void setUp(Mount mount) {
        MountConfig settings = defaultsFor(live.config(), mount);
        if (settings == null) {
            return;
        }
        AutoDj.applyLiveSettings(mount, settings);
        if (settings.fallbackMount() != null) {
            autoDj.relayFallbackMount(mount.path(), settings.fallbackMount());
        }
        if (settings.listeners().intro() != null) {
            autoDj.intros().refresh(mount, settings);
        }
    }

    /**
     * Gives every mount there is that {@code reread} does not name the settings its mount-defaults now give it (the
     * server's, if none matches), as a reload does for configured mounts; call once {@code reread} is in force. A mount
     * held although no file names it (a master's, relayed on demand) is among them; one either config names is the
     * reload's own to set.
     */
    void reapply(ServerConfig before, ServerConfig reread) {
        for (Mount mount : mounts.all()) {
            if (named(before, mount.path()) || named(reread, mount.path())) {
                continue;
            }
            MountConfig was = MountDefaults.settingsFor(before.mountDefaults(), mount.path());
            MountConfig now = MountDefaults.settingsFor(reread.mountDefaults(), mount.path());
            if (was == null && now == null) {
                continue;
            }
            MountConfig wanted = now != null ? now : MountConfig.of(mount.path());
            AutoDj.applyLiveSettings(mount, wanted);
            String fallbackBefore = was == null ? null : was.fallbackMount();
            if (!Objects.equals(fallbackBefore, wanted.fallbackMount())) {
                autoDj.relayFallbackMount(mount.path(), wanted.fallbackMount());
            }
        }
    }

    /** The settings a new {@code mount} takes from mount-defaults, or null: a configured mount, or no entry matches. */
    private static MountConfig defaultsFor(ServerConfig config, Mount mount) {
        if (mount.isPersistent() || named(config, mount.path())) {
            return null;
        }
        return MountDefaults.settingsFor(config.mountDefaults(), mount.path());
    }

    private static boolean named(ServerConfig config, String path) {
        return config.mounts().stream().anyMatch(configured -> configured.path().equals(path));
    }
}
