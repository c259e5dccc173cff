package io.relaycast.playlist;

import io.netty.buffer.ByteBufAllocator;
import io.relaycast.config.MountConfig;
import io.relaycast.conform.ReencodedFile;
import io.relaycast.conform.Reencoder;
import io.relaycast.mount.FallbackInput;
import io.relaycast.mount.FallbackPacer;
import io.relaycast.mount.Intro;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import io.relaycast.mp3.SampleFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives mounts their fallbacks at startup, and to the mounts a config reload adds: each configured mount is created
 * persistent (listeners can connect before any source) with a {@link FallbackPacer} over its playlist and/or fallback
 * mount, its playlist registered as a {@link Jukebox}; every other mount gets silence after its source leaves, for as
 * long as it has listeners. Owns the one thread that reads and rescans playlist files.
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
    private final List<PlaylistInput> playlists = new CopyOnWriteArrayList<>();
    private final Map<String, FallbackPacer> pacers = new ConcurrentHashMap<>();
    /** Every mount configured so far, at startup or by a reload: they get their pacer from the config, not silence. */
    private final Set<String> configured = ConcurrentHashMap.newKeySet();
    /** The fallback mount of each configured mount that has one, by path: relayed as soon as it exists. */
    private final Map<String, String> fallbackMounts = new ConcurrentHashMap<>();
    private final MountRegistry mounts;
    private final JukeboxRegistry jukeboxes;
    private final ByteBufAllocator allocator;

    /** Creates the configured mounts and their inputs, then installs silence on mounts created later. */
    public AutoDj(List<MountConfig> configuredMounts, MountRegistry mounts, JukeboxRegistry jukeboxes,
                  ByteBufAllocator allocator) {
        this.mounts = mounts;
        this.jukeboxes = jukeboxes;
        this.allocator = allocator;
        configuredMounts.forEach(this::createMount);
        configuredMounts.forEach(config -> relayFallbackMount(config.path(), config.fallbackMount()));
        mounts.onMountCreated(mount -> {
            if (!configured.contains(mount.path()) && !pacers.containsKey(mount.path())) {
                pacers.put(mount.path(), FallbackPacer.install(mount, List.of(), false));
            }
            fallbackMounts.forEach((path, fallbackPath) -> {
                if (fallbackPath.equals(mount.path())) {
                    pacers.get(path).relayFrom(mount);
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

    /** Sets up a mount that a config reload added and that does not exist yet, as if it had been configured at startup. */
    public void add(MountConfig config) {
        createMount(config);
        relayFallbackMount(config.path(), config.fallbackMount());
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

    private void createMount(MountConfig config) {
        configured.add(config.path());
        Mount mount = mounts.createPersistent(config.path());
        applyLiveSettings(mount, config);
        if (pacers.containsKey(config.path())) {
            log.warn("mount {} was created by a source while a config reload added it: its playlist and intro need a restart",
                    config.path());
            return;
        }
        if (config.listeners().intro() != null) {
            Intro intro = loadIntro(config, allocator);
            if (intro != null) {
                mount.playIntro(intro);
            }
        }
        List<FallbackInput> inputs = new ArrayList<>();
        if (config.playlist() != null) {
            PlaylistInput playlist = new PlaylistInput(mount, config.playlist(), config.shuffle(),
                    config.resume() == MountConfig.Resume.NEXT_TRACK, reader, allocator);
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

    /**
     * A broken intro is no reason to keep a station off the air: listeners then join without one, and the log says why.
     * An intro in another format than the mount declares is re-encoded to it on a mount with {@code conform}.
     */
    private static Intro loadIntro(MountConfig config, ByteBufAllocator allocator) {
        Path file = config.listeners().intro();
        try {
            Intro intro = conformed(Intro.load(file, allocator), config, allocator);
            log.info("mount {}: intro {} ({} frames, {} ms, {} Hz, {} ch{})", config.path(), file, intro.frames(),
                    intro.durationNanos() / 1_000_000, intro.format().sampleRate(), intro.format().channels(),
                    intro.stereoAudio() == null ? "" : "; mono, sent as joint stereo while the stream is stereo");
            return intro;
        } catch (IllegalArgumentException unusable) {
            log.error("mount {}: {}; listeners join without an intro", config.path(), unusable.getMessage());
            return null;
        }
    }

    /**
     * Gives {@code mount}, which a source or relay has just made, the intro {@code settings} name (a mount-defaults
     * pattern's), read on the playlist thread: listeners who come before it is read join without it. A mount closed
     * meanwhile gets none, and the intro is let go.
     */
    public void introLater(Mount mount, MountConfig settings) {
        try {
            reader.execute(() -> {
                Intro intro = loadIntro(settings, allocator);
                if (intro != null) {
                    handOver(mount, intro);
                }
            });
        } catch (RejectedExecutionException stopping) {
            log.debug("mount {}: no intro read, the server is stopping", mount.path());
        }
    }

    /** On the mount's loop, where it closes: an open mount plays {@code intro}, a closed one never will. */
    private static void handOver(Mount mount, Intro intro) {
        try {
            mount.loop().execute(() -> {
                if (mount.isClosed()) {
                    intro.release();
                } else {
                    mount.playIntro(intro);
                }
            });
        } catch (RejectedExecutionException stopping) {
            intro.release();
        }
    }

    /** {@code intro}, or it re-encoded to the format the mount declares if it has another and the mount conforms. */
    private static Intro conformed(Intro intro, MountConfig config, ByteBufAllocator allocator) {
        SampleFormat declared = config.format();
        if (declared == null || !Reencoder.changesFormat(intro.format(), declared)) {
            return intro;
        }
        Path file = config.listeners().intro();
        if (!config.conform()) {
            log.warn("mount {}: intro {} is {} Hz/{} ch, the stream is declared {}: players see a format change after it "
                    + "(conform: true re-encodes it)", config.path(), file, intro.format().sampleRate(),
                    intro.format().channels(), declared);
            return intro;
        }
        Reencoder.Target target = Reencoder.Target.of(declared, intro.format().bitrateKbps());
        try {
            Intro reencoded = Intro.load(file, () -> ReencodedFile.open(FFMPEG, file, target, allocator), allocator);
            log.info("mount {}: intro {} re-encoded from {} Hz/{} ch to the stream's {} (conform)", config.path(), file,
                    intro.format().sampleRate(), intro.format().channels(), declared);
            intro.release();
            return reencoded;
        } catch (IllegalArgumentException failed) {
            log.warn("mount {}: intro {} could not be re-encoded ({}): it plays as it is", config.path(), file,
                    failed.getMessage());
            return intro;
        }
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
