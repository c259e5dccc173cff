package io.relaycast.server;

import io.relaycast.auth.Authenticator;
import io.relaycast.config.ConfigChange;
import io.relaycast.config.MountConfig;
import io.relaycast.config.MountDefaults;
import io.relaycast.config.ServerConfig;
import io.relaycast.hooks.SourceHooks;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import io.relaycast.playlist.AutoDj;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a config read again into force without dropping anybody, as Icecast's reload does. The server-wide settings
 * read per request (passwords, limits, burst, timeouts) apply from the next request ({@link LiveConfig}); each mount's
 * own settings read per listener (name, limits, listener authentication, hidden, fallback mount) apply at once, and its
 * intro is read again if it changed ({@link io.relaycast.playlist.MountIntros}). A mount new in the file is set up as at
 * startup. A mount gone from the file keeps its source and listeners and falls back to the server's settings; once
 * nobody uses it, it goes as a mount made by a source goes (but for a playlist or relay of its own, which play on). What a
 * mount was set up with (playlist, relay, recording) and the server-wide startup settings ({@link ConfigChange}) stay
 * as they are until a restart: the change says which.
 */
final class ConfigReload {

    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

    private final LiveConfig live;
    private final MountRegistry mounts;
    private final AutoDj autoDj;
    private final SourceHooks sourceHooks;
    private final DefaultMountSettings defaults;
    private final Consumer<MountConfig> relays;
    private final Function<ServerConfig, Authenticator> authenticators;
    /** Whether a master's on-demand relay holds the mount at a path open to listeners: it stays so when it leaves the file. */
    private final Predicate<String> heldOpen;
    /** What each configured mount was set up with, by path: its startup settings are these until a restart. */
    private final Map<String, MountConfig> setUpWith;

    /**
     * @param relays   starts pulling the origin of a mount added by a reload, if it has one
     * @param authenticators the passwords and authentication backends of a config, asked through the server's client
     *                       and lines
     * @param heldOpen       whether a master's on-demand relay holds the mount at a path open to listeners
     */
    ConfigReload(LiveConfig live, MountRegistry mounts, AutoDj autoDj, SourceHooks sourceHooks,
                 DefaultMountSettings defaults, Consumer<MountConfig> relays,
                 Function<ServerConfig, Authenticator> authenticators, Predicate<String> heldOpen) {
        this.live = live;
        this.mounts = mounts;
        this.autoDj = autoDj;
        this.sourceHooks = sourceHooks;
        this.defaults = defaults;
        this.relays = relays;
        this.authenticators = authenticators;
        this.heldOpen = heldOpen;
        this.setUpWith = byPath(live.config().mounts());
    }

    /**
     * Puts {@code reread} into force, but for its startup settings; returns the change with every setting that needs a
     * restart. A config that cannot be applied is an {@link IllegalArgumentException}, and nothing has changed then: also
     * one whose fallback mounts would go round in a circle with those the admin set at run time, checked and applied while
     * no admin's {@code fallbacks} runs.
     */
    synchronized ConfigChange apply(ServerConfig reread) {
        return mounts.changingFallbacks(() -> applyChecked(reread));
    }

    private ConfigChange applyChecked(ServerConfig reread) {
        ServerConfig running = live.config();
        FallbacksAfterReload.requireNoCircle(mounts, running, reread);
        ConfigChange change = ConfigChange.between(running, reread);
        Authenticator auth = authenticators.apply(change.applied());
        Map<String, MountConfig> before = byPath(running.mounts());
        Map<String, MountConfig> after = byPath(reread.mounts());
        Set<String> paths = new LinkedHashSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<String> needsRestart = new ArrayList<>(change.needsRestart());
        List<MountConfig> added = new ArrayList<>();
        for (String path : paths) {
            needsRestart.addAll(applyMount(path, before.get(path), after.get(path), reread, added));
        }
        live.replace(change.applied(), auth);
        // Once the new config is in force: a relay reads its mount's source-timeout and charset from the config in force.
        added.forEach(relays);
        defaults.reapply(running, change.applied());
        for (Mount mount : mounts.all()) {
            autoDj.intros().refresh(mount, change.applied().mountSettings(mount.path()));
        }
        return new ConfigChange(change.applied(), needsRestart);
    }

    /**
     * Applies the mount's new settings (null: it left the file); returns its startup settings that need a restart. A mount
     * new to the server is set up and put in {@code added}, for its relay to start once the new config is in force.
     */
    private List<String> applyMount(String path, MountConfig before, MountConfig after, ServerConfig reread,
                                    List<MountConfig> added) {
        // A mount in the file is kept from now on: a source may have made it before the file named it.
        Mount mount = after != null ? mounts.keepIfPresent(path, this) : mounts.find(path);
        if (mount == null) {
            if (after == null) {
                return List.of();
            }
            // False if a source made it meanwhile: then it is set up with nothing of its own until a restart.
            boolean setUp = autoDj.add(after);
            sourceHooks.add(after);
            MountConfig installed = setUp ? after : MountConfig.of(path);
            if (setUp) {
                added.add(after);
            }
            setUpWith.put(path, installed);
            log.info("config reload: mount {} added", path);
            return ConfigChange.mountStartupChanges(installed, after);
        }
        MountConfig wanted = after != null ? after : leftTheFile(path, reread);
        AutoDj.applyLiveSettings(mount, wanted);
        List<String> startupChanges =
                ConfigChange.mountStartupChanges(setUpWith.getOrDefault(path, MountConfig.of(path)), wanted);
        String fallbackBefore = before == null ? null : before.fallbackMount();
        if (!Objects.equals(fallbackBefore, wanted.fallbackMount())) {
            autoDj.relayFallbackMount(path, wanted.fallbackMount());
        }
        if (after != null) {
            // Listed without a source, as at startup: also a mount that left the file and is back before it went.
            mount.setPersistent(true);
            autoDj.adopt(path);
            return startupChanges;
        }
        MountDefaults matching = MountDefaults.first(reread.mountDefaults(), path);
        boolean fed = fedUntilRestart(setUpWith.get(path));
        // A master's on-demand relay opened it before the file named it: listeners are what start that relay.
        boolean stays = fed || heldOpen.test(path);
        log.info("config reload: mount {} left the config; its source and listeners stay, with {}{}", path,
                matching == null ? "the server's settings" : "the settings of mount-defaults " + matching.pattern(),
                stays ? "" : ", and it goes once nobody uses it");
        if (!fed) {
            autoDj.forget(path);
        }
        if (!stays) {
            // Last, as it may retire the mount: from now on it goes as a mount made by a source goes.
            mount.setPersistent(false);
        }
        mount.release(this);
        return startupChanges;
    }

    /** Whether the mount has a playlist or relay of its own, which go on feeding it until a restart. */
    private static boolean fedUntilRestart(MountConfig setUp) {
        return setUp != null && (setUp.playlist() != null || setUp.relay() != null);
    }

    /** What a mount gone from the file goes on with: the settings mount-defaults give it, or the server's. */
    private static MountConfig leftTheFile(String path, ServerConfig reread) {
        MountConfig defaults = MountDefaults.settingsFor(reread.mountDefaults(), path);
        return defaults != null ? defaults : MountConfig.of(path);
    }

    private static Map<String, MountConfig> byPath(List<MountConfig> configured) {
        return configured.stream().collect(Collectors.toMap(MountConfig::path, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }
}
