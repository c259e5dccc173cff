package io.relaycast.mount;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.relaycast.conform.Reencoder;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SampleFormat;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mount's {@code conform} setting: a live source whose audio would change the stream's format, a sample rate of its
 * own or stereo in a mono stream, is re-encoded to the stream's format by ffmpeg ({@link Reencoder}), so listeners'
 * players never see the format change. The stream's format is the one the mount declares ({@code sample-rate},
 * {@code channels}), else that of its audio so far. VLC 3 cannot follow a stream that goes from 44.1 kHz to 48 kHz and back (a DJ
 * at 48 kHz between AutoDJ tracks at 44.1 kHz): its decoder fails on every frame after the return, until the listener
 * reconnects. A mono source in a stereo stream needs no re-encoding ({@link io.relaycast.mp3.StereoUpmix}), nor does a
 * source on a mount that declares no format and has had no audio yet: its format becomes the stream's.
 *
 * <p>The decision is taken at each source's first frame, and again whenever a source whose frames pass as they are
 * sends a frame in another format (its re-encoding then starts mid-set, and goes on to the end of the set; one that
 * failed is not tried again for that source). Frames pass on the mount's loop; the setting may change from any thread:
 * switched on, it applies from the next frame that would change the stream's format; switched off, from the next
 * source. Playlist tracks are conformed where they are read
 * ({@code PlaylistInput}, with {@link io.relaycast.conform.ReencodedFile}), by the same rule.
 */
final class LiveConform {

    private static final Logger log = LoggerFactory.getLogger(Mount.class);
    /**
     * Re-encoding that gives nothing back for this many of the source's frames (about 2 s) is given up: listeners would
     * hear nothing. Far above what ffmpeg holds back (6 frames) or takes to start (150-250 ms).
     */
    private static final int STUCK_FRAMES = 80;

    private final String path;
    private final EventLoop loop;
    private final ByteBufAllocator allocator;
    private final MountStats stats;
    /** What the log calls an input: a live source, a relayed fallback mount. */
    private final Function<Object, String> label;
    /** Publishes a re-encoded frame of an input, on the loop, if that input still plays on the mount. */
    private final BiConsumer<Object, Mp3Frame> publish;
    /** The ffmpeg to run, or null when the setting is off. */
    private volatile String program;
    /** The input whose first frame was seen, and its re-encoder (null when its frames pass as they are). */
    private Object source;
    private Reencoder reencoder;
    /** Whether re-encoding {@link #source} failed or could not start: its audio goes out as it comes from then on. */
    private boolean givenUp;

    LiveConform(String path, EventLoop loop, ByteBufAllocator allocator, MountStats stats,
                Function<Object, String> label, BiConsumer<Object, Mp3Frame> publish) {
        this.path = path;
        this.loop = loop;
        this.allocator = allocator;
        this.stats = stats;
        this.label = label;
        this.publish = publish;
    }

    /** Re-encodes with {@code ffmpeg} (a program on the PATH, or a path) from the next source on; null switches it off. */
    void use(String ffmpeg) {
        if (ffmpeg != null && !ffmpeg.equals(program) && !isInstalled(ffmpeg)) {
            log.warn("mount {}: conform needs {}, which is not installed (not on the PATH): live sources that would change "
                    + "the stream's format will go out as they come", path, ffmpeg);
        }
        this.program = ffmpeg;
    }

    /** The ffmpeg in use, or null when the setting is off. */
    String program() {
        return program;
    }

    /** Uses {@code ffmpeg} as {@link #use} does, without a word: another instance already said what there was to say. */
    void follow(String ffmpeg) {
        program = ffmpeg;
    }

    private static boolean isInstalled(String program) {
        if (program.contains(File.separator)) {
            return Files.isExecutable(Path.of(program));
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, program)));
    }

    /** The frame to publish as it is, or null when it went to be re-encoded. On the loop; takes ownership of the frame. */
    Mp3Frame admit(Object from, Mp3Frame frame, SampleFormat stream) {
        if (from != source) {
            ended(source);
            source = from;
            givenUp = false;
            reencoder = start(from, frame.header(), stream);
        } else if (reencoder == null && !givenUp && program != null && stream != null
                && Reencoder.changesFormat(frame.header(), stream)) {
            // The source changed its format mid-set: a relay whose origin switched, an encoder restarted in place.
            reencoder = start(from, frame.header(), stream);
        }
        if (reencoder == null) {
            return frame;
        }
        if (reencoder.hasFailed() || reencoder.isStuck(STUCK_FRAMES)) {
            log.warn("mount {}: re-encoding {}, the audio of {} goes out as it comes", path,
                    reencoder.hasFailed() ? "failed" : "gave nothing back for " + STUCK_FRAMES + " frames", label.apply(from));
            reencoder.close();
            reencoder = null;
            givenUp = true;
            // Its bit reservoir may reach back into audio that went out re-encoded: a new stretch of stream for the mount.
            return new Mp3Frame(frame.header(), frame.content(), true);
        }
        if (!reencoder.write(frame)) {
            stats.frameReencodeDropped();
        }
        return null;
    }

    /** Whatever input is being re-encoded stopped playing: its re-encoder stops. On the loop. */
    void end() {
        ended(source);
    }

    /** {@code from} left (or the mount closed): its re-encoder stops. On the loop, or with the loop gone. */
    void ended(Object from) {
        if (from != null && from == source) {
            if (reencoder != null) {
                reencoder.close();
                reencoder = null;
            }
            source = null;
        }
    }

    private Reencoder start(Object from, FrameHeader header, SampleFormat stream) {
        String ffmpeg = program;
        if (ffmpeg == null || stream == null || !Reencoder.changesFormat(header, stream)) {
            return null;
        }
        Reencoder.Target target = Reencoder.Target.of(stream, header.bitrateKbps());
        String input = label.apply(from);
        try {
            long startNanos = System.nanoTime();
            AtomicBoolean waiting = new AtomicBoolean(true);
            AtomicReference<Reencoder> self = new AtomicReference<>();
            Reencoder started = Reencoder.start(ffmpeg, path + " from " + input, target, allocator, frame -> {
                if (waiting.getAndSet(false)) {
                    log.info("mount {}: re-encoded audio of {} comes out {} ms after its first frame", path, input,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                }
                handOver(from, frame, self);
            });
            self.set(started);
            log.info("mount {}: {} sends {} Hz/{} ch, re-encoded to the stream's {} Hz/{} ch at {} kbit/s "
                    + "(conform)", path, input, header.sampleRate(), header.channels(), target.sampleRate(),
                    target.channels(), target.bitrateKbps());
            return started;
        } catch (IOException cannotRun) {
            log.warn("mount {}: cannot start {} to re-encode {} ({}): its audio goes out as it comes", path, ffmpeg,
                    input, cannotRun.getMessage());
            givenUp = true;
            return null;
        }
    }

    /**
     * On the re-encoder's thread: the frame goes to the mount's loop, to be published if its input still plays and
     * {@code self} is still the re-encoder in use there: once given up (or replaced), the source's own frames go out, and
     * re-encoded ones still on their way would come between them, in another format.
     */
    private void handOver(Object from, Mp3Frame frame, AtomicReference<Reencoder> self) {
        stats.frameReencoded();
        try {
            loop.execute(() -> {
                if (reencoder != null && reencoder == self.get()) {
                    publish.accept(from, frame);
                } else {
                    frame.release();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            frame.release();
        }
    }
}
