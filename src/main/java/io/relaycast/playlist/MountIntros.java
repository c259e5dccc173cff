package io.relaycast.playlist;

import io.netty.buffer.ByteBufAllocator;
import io.relaycast.config.MountConfig;
import io.relaycast.conform.ReencodedFile;
import io.relaycast.conform.Reencoder;
import io.relaycast.mount.Intro;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountObserver;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.MountRegistry;
import io.relaycast.mp3.SampleFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives mounts the intro their settings name (Icecast's {@code <intro>}) and keeps it as the settings and the file say,
 * the way Icecast opens a mount's intro file again when a source connects and when its config is reloaded: the file is
 * read again then if the setting, the file (its size or modification time) or the format it is re-encoded to has
 * changed, so a station replaces its jingle by replacing the file. A configured mount's intro is read at startup,
 * before listeners come; every later read is on the playlist thread (re-encoding for {@code conform} takes ffmpeg a
 * while), and the mount takes the new intro on its own loop ({@link Mount#playIntro}). Listeners already past the intro
 * hear no change; a new listener hears the intro in place when it comes.
 */
public final class MountIntros {

    private static final Logger log = LoggerFactory.getLogger(MountIntros.class);

    private final Executor reader;
    private final ByteBufAllocator allocator;
    /** What each open mount's intro was last read from, as the playlist thread saw the file; no entry: no intro. */
    private final Map<Mount, IntroFile> read = new ConcurrentHashMap<>();

    MountIntros(Executor reader, ByteBufAllocator allocator) {
        this.reader = reader;
        this.allocator = allocator;
    }

    /**
     * From now on, reads each mount's intro again when a source goes live on it, with the settings {@code settings}
     * gives for its path then (null: no intro); forgets a mount that is retired.
     */
    public void followSources(MountRegistry mounts, Function<String, MountConfig> settings) {
        MountObserver onConnect = new MountObserver() {
            @Override
            public void liveStarted(Mount mount, LiveSource source) {
                refresh(mount, settings.apply(mount.path()));
            }
        };
        mounts.all().forEach(mount -> mount.addObserver(onConnect));
        mounts.onMountCreated(mount -> mount.addObserver(onConnect));
        mounts.onMountRetired(read::remove);
    }

    /** Reads the intro of a configured mount that no listener has seen yet, on the calling thread: at startup. */
    void readNow(Mount mount, MountConfig settings) {
        IntroFile file = IntroFile.of(settings);
        if (file == null) {
            return;
        }
        read.put(mount, file);
        mount.playIntro(load(settings, allocator));
    }

    /**
     * Gives {@code mount} the intro {@code settings} name (null settings or no intro: none) on the playlist thread, if
     * that is not what it has: the setting, the file or the format it is re-encoded to changed. Listeners who come before
     * it is read hear the intro the mount had. A mount closed meanwhile gets none, and the intro is let go.
     */
    public void refresh(Mount mount, MountConfig settings) {
        try {
            reader.execute(() -> readIfChanged(mount, settings));
        } catch (RejectedExecutionException stopping) {
            log.debug("mount {}: no intro read, the server is stopping", mount.path());
        }
    }

    private void readIfChanged(Mount mount, MountConfig settings) {
        if (mount.isClosed()) {
            return;
        }
        IntroFile wanted = settings == null ? null : IntroFile.of(settings);
        IntroFile had = read.get(mount);
        if (Objects.equals(wanted, had)) {
            return;
        }
        if (wanted == null) {
            read.remove(mount);
            log.info("mount {}: no intro any more", mount.path());
            handOver(mount, null);
            return;
        }
        read.put(mount, wanted);
        if (mount.isClosed()) {
            // Retired while this read: the retirement may have forgotten it before the line above.
            read.remove(mount);
            return;
        }
        handOver(mount, load(settings, allocator));
    }

    /** On the mount's loop, where it closes: an open mount plays {@code intro} (null: none), a closed one never will. */
    private static void handOver(Mount mount, Intro intro) {
        try {
            mount.loop().execute(() -> mount.playIntro(intro));
        } catch (RejectedExecutionException stopping) {
            if (intro != null) {
                intro.release();
            }
        }
    }

    /**
     * The intro {@code config} names, or null if it cannot be used: a broken intro is no reason to keep a station off
     * the air; listeners then join without one, and the log says why. An intro in another format than the mount
     * declares is re-encoded to it on a mount with {@code conform}.
     */
    static Intro load(MountConfig config, ByteBufAllocator allocator) {
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
            Intro reencoded = Intro.load(file, () -> ReencodedFile.open(AutoDj.FFMPEG, file, target, allocator), allocator);
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

    /**
     * What an intro is read from: the file as it is now (which file: a file renamed over it is another; a missing or
     * unreadable one has size -1), and the format it is re-encoded to.
     */
    private record IntroFile(Path path, Object fileKey, long size, FileTime modified, SampleFormat declared,
                             boolean conform) {

        /** The intro file {@code settings} name as it is now, or null if they name none. */
        static IntroFile of(MountConfig settings) {
            Path path = settings.listeners().intro();
            if (path == null) {
                return null;
            }
            Object fileKey = null;
            long size = -1;
            FileTime modified = null;
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                fileKey = attributes.fileKey();
                size = attributes.size();
                modified = attributes.lastModifiedTime();
            } catch (IOException unreadable) {
                // Read anyway: the read says what is wrong with it.
            }
            return new IntroFile(path, fileKey, size, modified, settings.format(), settings.conform());
        }
    }
}
