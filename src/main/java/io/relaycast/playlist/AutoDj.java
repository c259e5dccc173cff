package io.relaycast.playlist;

import io.netty.buffer.ByteBufAllocator;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.FallbackInput;
import io.relaycast.mount.FallbackPacer;
import io.relaycast.mount.Intro;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives mounts their fallbacks at startup: each configured mount is created persistent (listeners can connect before
 * any source) with a {@link FallbackPacer} over its playlist and/or fallback mount, its playlist registered as a
 * {@link Jukebox}; every other mount gets silence after its source leaves, for as long as it has listeners. Owns the one
 * thread that reads and rescans playlist files.
 */
public final class AutoDj implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AutoDj.class);

    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relaycast-playlist");
        thread.setDaemon(true);
        return thread;
    });
    private final List<PlaylistInput> playlists = new ArrayList<>();
    private final Map<String, FallbackPacer> pacers = new ConcurrentHashMap<>();

    /** Creates the configured mounts and their inputs, then installs silence on mounts created later. */
    public AutoDj(List<MountConfig> configured, MountRegistry mounts, JukeboxRegistry jukeboxes, ByteBufAllocator allocator) {
        for (MountConfig config : configured) {
            Mount mount = mounts.createPersistent(config.path());
            mount.describe(config.station());
            mount.applyRules(config.listeners());
            mount.hide(config.hidden());
            if (config.listeners().intro() != null) {
                loadIntro(mount, config.listeners().intro(), allocator);
            }
            List<FallbackInput> inputs = new ArrayList<>();
            if (config.playlist() != null) {
                PlaylistInput playlist = new PlaylistInput(config.path(), config.playlist(), config.shuffle(),
                        config.resume() == MountConfig.Resume.NEXT_TRACK, reader, allocator, mount.stats());
                long rescanMillis = config.rescan().toMillis();
                reader.execute(playlist::scan);
                reader.scheduleWithFixedDelay(playlist::scan, rescanMillis, rescanMillis, TimeUnit.MILLISECONDS);
                playlists.add(playlist);
                jukeboxes.register(playlist);
                inputs.add(playlist);
                log.info("mount {}: fallback playlist {}{}", config.path(), config.playlist(),
                        config.shuffle() ? " (shuffled)" : "");
            }
            pacers.put(config.path(), FallbackPacer.install(mount, inputs, true));
        }
        for (MountConfig config : configured) {
            if (config.fallbackMount() != null) {
                relay(mounts, config.path(), config.fallbackMount());
            }
        }
        mounts.onMountCreated(mount -> {
            if (!pacers.containsKey(mount.path())) {
                pacers.put(mount.path(), FallbackPacer.install(mount, List.of(), false));
            }
        });
    }

    /** A broken intro is no reason to keep a station off the air: listeners then join without one, and the log says why. */
    private static void loadIntro(Mount mount, Path file, ByteBufAllocator allocator) {
        try {
            Intro intro = Intro.load(file, allocator);
            mount.playIntro(intro);
            log.info("mount {}: intro {} ({} frames, {} ms, {} Hz, {} ch)", mount.path(), file, intro.frames(),
                    intro.durationNanos() / 1_000_000, intro.format().sampleRate(), intro.format().channels());
        } catch (IllegalArgumentException unusable) {
            log.error("mount {}: {}; listeners join without an intro", mount.path(), unusable.getMessage());
        }
    }

    private void relay(MountRegistry mounts, String path, String fallbackPath) {
        FallbackPacer pacer = pacers.get(path);
        Mount fallback = mounts.find(fallbackPath);
        if (fallback != null) {
            pacer.relayFrom(fallback);
        } else {
            mounts.onMountCreated(created -> {
                if (created.path().equals(fallbackPath)) {
                    pacer.relayFrom(created);
                }
            });
        }
        log.info("mount {}: fallback mount {}", path, fallbackPath);
    }

    /** Stops reading playlists and releases their prefetched audio. */
    @Override
    public void close() {
        playlists.forEach(PlaylistInput::close);
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
