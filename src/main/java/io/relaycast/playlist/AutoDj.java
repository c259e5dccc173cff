package io.relaycast.playlist;

import io.netty.buffer.ByteBufAllocator;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.FallbackInput;
import io.relaycast.mount.FallbackPacer;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives mounts their fallbacks at startup, and to the mounts a config reload adds: each configured mount is created
 * persistent (listeners can connect before any source) with a {@link FallbackPacer} over its playlist and/or fallback
 * mount, its playlist registered as a {@link Jukebox}; every other mount gets silence after its source leaves, for as
 * long as it has listeners. Owns the one thread that reads playlist files and the one that rescans them (and reads intros).
 */
public final class AutoDj implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AutoDj.class);
    /** The program that re-encodes live sources on mounts with {@code conform}: ffmpeg, from the PATH. */
    public static final String FFMPEG = "ffmpeg";

    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relaycast-playlist");
        thread.setDaemon(true);
        return thread;
    });
    /** Scans playlists and reads intros: a large library or an intro's re-encoding would hold up the reader's prefetch. */
    private final ScheduledExecutorService scans = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relaycast-playlist-scan");
        thread.setDaemon(true);
        return thread;
    });
    /** The two threads as the playlists use them: a task that throws is logged, and the thread goes on. */
    private final Executor readerTasks = LoggedTasks.logging(reader);
    private final Executor scanTasks = LoggedTasks.logging(scans);
    private final List<PlaylistInput> playlists = new CopyOnWriteArrayList<>();
    private final Map<String, FallbackPacer> pacers = new ConcurrentHashMap<>();
    /** Every mount configured so far, at startup or by a reload: they get their pacer from the config, not silence. */
    private final Set<String> configured = ConcurrentHashMap.newKeySet();
    /** The fallback mount of each configured mount that has one, by path: relayed as soon as it exists. */
    private final Map<String, String> fallbackMounts = new ConcurrentHashMap<>();
    private final MountRegistry mounts;
    private final JukeboxRegistry jukeboxes;
    private final ByteBufAllocator allocator;
    private final MountIntros intros;

    /** Creates the configured mounts and their inputs, then installs silence on mounts created later. */
    public AutoDj(List<MountConfig> configuredMounts, MountRegistry mounts, JukeboxRegistry jukeboxes,
                  ByteBufAllocator allocator) {
        this.mounts = mounts;
        this.jukeboxes = jukeboxes;
        this.allocator = allocator;
        this.intros = new MountIntros(scanTasks, allocator);
        configuredMounts.forEach(config -> createMount(config, true));
        configuredMounts.forEach(config -> relayFallbackMount(config.path(), config.fallbackMount()));
        mounts.onMountCreated(mount -> {
            if (!configured.contains(mount.path()) && !pacers.containsKey(mount.path())) {
                pacers.put(mount.path(), FallbackPacer.install(mount, List.of(), false, waitingFor(mount.path())));
            }
            fallbackMounts.forEach((path, fallbackPath) -> {
                FallbackPacer pacer = pacers.get(path);
                // Only if it still awaits this path: the admin's fallbacks may have chosen another since.
                if (fallbackPath.equals(mount.path()) && pacer != null && mount.path().equals(pacer.fallbackPath())) {
                    pacer.relayFrom(mount);
                }
            });
        });
        mounts.onMountRetired(mount -> {
            pacers.remove(mount.path(), mount.fallback());
            if (!configured.contains(mount.path())) {
                // A fallback mount given by mount-defaults goes with the mount; one made again takes it anew.
                fallbackMounts.remove(mount.path());
            }
        });
    }

    /** The intros of every mount, read on this AutoDJ's scan thread. */
    public MountIntros intros() {
        return intros;
    }

    /**
     * Sets up a mount that a config reload added and that did not exist yet, as if it had been configured at startup;
     * false if a source made it meanwhile: it is configured from now on, but its playlist needs a restart.
     */
    public boolean add(MountConfig config) {
        boolean setUp = createMount(config, false);
        relayFallbackMount(config.path(), config.fallbackMount());
        return setUp;
    }

    /**
     * The mount at {@code path}, which exists (a source may have made it), is named by the config from now on: its
     * fallback (silence, a fallback mount) plays whenever nobody is live, listened to or not, as a configured mount's
     * does. A playlist or relay given to a mount a source made needs a restart (the reload's answer says so).
     */
    public void adopt(String path) {
        configured.add(path);
        FallbackPacer pacer = pacers.get(path);
        if (pacer != null) {
            pacer.playAlways();
        }
    }

    /**
     * The mount at {@code path} left the config: its fallback plays from now on only while someone wants it, and made
     * again by a source, it gets silence as any mount made by a source does.
     */
    public void forget(String path) {
        configured.remove(path);
        FallbackPacer pacer = pacers.get(path);
        if (pacer != null) {
            pacer.playWhenWanted();
        }
    }

    /**
     * Applies what a mount's listeners and status pages read as they come (name and description, listener limits and
     * burst, hidden) and whether its next live sources are re-encoded, at startup and on each config reload.
     */
    public static void applyLiveSettings(Mount mount, MountConfig config) {
        mount.describe(config.station());
        mount.applyRules(config.listeners());
        mount.hide(config.hidden());
        mount.streamFormat().declare(config.format());
        mount.conformLive(config.conform() ? FFMPEG : null);
    }

    /**
     * Makes the mount at {@code path} relay {@code fallbackPath} while nobody is live on it, now if that mount exists
     * or else once it is created (relaying no other mount meanwhile); with null, it relays no other mount any more (a
     * config reload removed its fallback).
     */
    public void relayFallbackMount(String path, String fallbackPath) {
        FallbackPacer pacer = pacers.get(path);
        if (fallbackPath == null) {
            if (fallbackMounts.remove(path) != null) {
                pacer.relayFrom(null);
                log.info("mount {}: no fallback mount", path);
            }
            return;
        }
        fallbackMounts.put(path, fallbackPath);
        Mount fallback = mounts.find(fallbackPath);
        if (fallback != null) {
            pacer.relayFrom(fallback);
        } else {
            pacer.awaitFallback(fallbackPath);
        }
        log.info("mount {}: fallback mount {}", path, fallbackPath);
    }

    /**
     * Creates a configured mount with its intro (read at once at startup, else on the playlist thread) and fallbacks;
     * false if a source made it first, which is then only adopted.
     */
    private boolean createMount(MountConfig config, boolean atStartup) {
        configured.add(config.path());
        Mount mount = mounts.createPersistent(config.path());
        // Also one a source made a moment ago: else it goes after the show, and its listeners hear 404.
        mount.setPersistent(true);
        applyLiveSettings(mount, config);
        if (pacers.containsKey(config.path())) {
            log.warn("mount {} was created by a source while a config reload added it: its playlist needs a restart",
                    config.path());
            adopt(config.path());
            return false;
        }
        if (atStartup) {
            intros.readNow(mount, config);
        } else {
            intros.refresh(mount, config);
        }
        List<FallbackInput> inputs = new ArrayList<>();
        if (config.playlist() != null) {
            PlaylistInput playlist = new PlaylistInput(mount, config.playlist(), config.shuffle(),
                    config.resume() == MountConfig.Resume.NEXT_TRACK, readerTasks, scanTasks, allocator);
            long rescanMillis = config.rescan().toMillis();
            scanTasks.execute(playlist::scan);
            scans.scheduleWithFixedDelay(LoggedTasks.logged(playlist::scan), rescanMillis, rescanMillis, TimeUnit.MILLISECONDS);
            playlists.add(playlist);
            jukeboxes.register(playlist);
            inputs.add(playlist);
            log.info("mount {}: fallback playlist {}{}", config.path(), config.playlist(),
                    config.shuffle() ? " (shuffled)" : "");
        }
        pacers.put(config.path(), FallbackPacer.install(mount, inputs, true, waitingFor(config.path())));
        return true;
    }

    private IntSupplier waitingFor(String path) {
        return () -> mounts.sourcesWaitingFor(path);
    }

    /** Stops reading playlists and releases their prefetched audio. */
    @Override
    public void close() {
        playlists.forEach(PlaylistInput::close);
        // A scan under way is not waited for: closed playlists drop its result.
        scans.shutdownNow();
        reader.shutdown();
        try {
            if (!reader.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("playlist reader did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
