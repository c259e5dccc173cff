package io.relaycast.conform;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3FileReader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.MpegVersion;
import io.relaycast.mp3.SampleFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One input's MP3 decoded and encoded again in another format by an ffmpeg process: frames go in as they come, and
 * the frames of the new encoding come out, each as soon as it is whole, to a consumer called on this re-encoder's
 * reading thread. ffmpeg adds about a frame or two of delay (LAME's look-ahead).
 *
 * <p>Writing never blocks the caller: frames wait in a queue of {@value #QUEUE_FRAMES} frames (several seconds of audio)
 * for the writing thread, and a frame that finds the queue full (ffmpeg stalled) is dropped and counted. What ffmpeg
 * says goes to the log. Close it to stop ffmpeg: frames that come out after that are released unseen (one already
 * being handed over may still reach the consumer).
 */
public final class Reencoder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reencoder.class);
    private static final int QUEUE_FRAMES = 256;
    private static final byte[] END = new byte[0];

    private final String name;
    private final Process process;
    private final BlockingQueue<byte[]> pending = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean failed;
    /** Frames that went in since the last one came out. */
    private final AtomicLong sinceOutput = new AtomicLong();

    private Reencoder(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts {@code ffmpeg} (looked up on the PATH as {@code program}) re-encoding to {@code target}; frames come out to
     * {@code output}, which takes ownership of each. {@code name} is what the log and the threads call it.
     *
     * @throws IOException if ffmpeg cannot be started (not installed)
     */
    public static Reencoder start(String program, String name, Target target, ByteBufAllocator allocator,
                                  Consumer<Mp3Frame> output) throws IOException {
        Process process = new ProcessBuilder(command(program, target)).start();
        Reencoder reencoder = new Reencoder(name, process);
        daemon("reencode-in " + name, reencoder::writeFrames);
        daemon("reencode-out " + name, () -> reencoder.readFrames(allocator, output));
        daemon("reencode-log " + name, reencoder::logErrors);
        return reencoder;
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The ffmpeg command: MP3 in on stdin, read as it comes (no probing ahead), decoded, resampled and mixed to the
     * target, encoded by LAME at constant bitrate and written out frame by frame with no tag or Xing frame.
     */
    static List<String> command(String program, Target target) {
        return command(program, List.of("-fflags", "+nobuffer", "-probesize", "32", "-analyzeduration", "0", "-f", "mp3",
                "-i", "pipe:0"), target);
    }

    /** ffmpeg reading {@code input} (its input options and {@code -i}), writing MP3 in {@code target} to stdout. */
    static List<String> command(String program, List<String> input, Target target) {
        List<String> command = new ArrayList<>(List.of(program, "-nostdin", "-hide_banner", "-nostats", "-loglevel", "error"));
        command.addAll(input);
        command.addAll(List.of("-map", "0:a", "-ar", String.valueOf(target.sampleRate()), "-ac",
                String.valueOf(target.channels()), "-c:a", "libmp3lame", "-b:a", target.bitrateKbps() + "k",
                "-f", "mp3", "-id3v2_version", "0", "-write_xing", "0", "-flush_packets", "1", "pipe:1"));
        return command;
    }

    /**
     * Whether frames of {@code frame}'s format in a stream held to {@code stream} would change the format players decode:
     * another sample rate, or stereo in a mono stream (mono in a stereo stream is sent as stereo without re-encoding).
     */
    public static boolean changesFormat(FrameHeader frame, SampleFormat stream) {
        return frame.sampleRate() != stream.sampleRate() || frame.channels() > stream.channels();
    }

    /** Queues {@code frame}'s bytes for ffmpeg and releases it; false (the frame dropped) if ffmpeg fell behind or ended. */
    public boolean write(Mp3Frame frame) {
        try {
            if (closed || failed) {
                return false;
            }
            sinceOutput.incrementAndGet();
            ByteBuf content = frame.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), bytes);
            if (!pending.offer(bytes)) {
                dropped.incrementAndGet();
                return false;
            }
            return true;
        } finally {
            frame.release();
        }
    }

    /** Whether ffmpeg ended or could not be written to: what is written now is lost. */
    public boolean hasFailed() {
        return failed;
    }

    /**
     * Whether more than {@code frames} went in since a frame last came out: ffmpeg is stuck (stopped, starved of CPU),
     * and what goes in does not reach listeners. Counted in frames, not time, so that a source that pauses is not
     * taken for it (ffmpeg holds its last few frames until more audio comes).
     */
    public boolean isStuck(int frames) {
        return sinceOutput.get() > frames;
    }

    /** Frames dropped because ffmpeg fell behind. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        pending.offer(END);
        // Forcibly: its output is not wanted any more, and a stopped ffmpeg would not end on SIGTERM.
        process.destroyForcibly();
    }

    private void writeFrames() {
        try (OutputStream in = process.getOutputStream()) {
            while (true) {
                byte[] bytes = pending.take();
                if (bytes == END) {
                    return;
                }
                in.write(bytes);
                in.flush();
            }
        } catch (IOException ended) {
            fail("its input closed: " + ended.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void readFrames(ByteBufAllocator allocator, Consumer<Mp3Frame> output) {
        try (Mp3FileReader frames = Mp3FileReader.of(process.getInputStream(), allocator)) {
            for (Mp3Frame frame = frames.next(); frame != null; frame = frames.next()) {
                sinceOutput.set(0);
                if (closed) {
                    frame.release();
                } else {
                    output.accept(frame);
                }
            }
            fail("ffmpeg ended" + (process.isAlive() ? "" : " with exit code " + waitForExit()));
        } catch (IOException broken) {
            fail("its output failed: " + broken.getMessage());
        }
    }

    private void logErrors() {
        try (BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = errors.readLine(); line != null; line = errors.readLine()) {
                log.warn("re-encoding {}: ffmpeg says: {}", name, line);
            }
        } catch (IOException ended) {
            log.debug("re-encoding {}: ffmpeg's error output closed: {}", name, ended.getMessage());
        }
    }

    private int waitForExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void fail(String why) {
        if (!closed && !failed) {
            failed = true;
            log.warn("re-encoding {} stopped: {}", name, why);
        }
        pending.clear();
        pending.offer(END);
    }

    /**
     * The format to encode to.
     *
     * @param sampleRate  samples per second
     * @param channels    1 or 2
     * @param bitrateKbps constant bitrate; LAME takes the nearest one the format has
     */
    public record Target(int sampleRate, int channels, int bitrateKbps) {

        /**
         * The least bitrate a 44.1 kHz stereo input is re-encoded at; other formats in proportion to their samples per
         * second (a 22.05 kHz mono station: 32 kbit/s), rounded up to a bitrate the format has. The input's bitrate is
         * known from one frame, and a VBR file or a DJ starting in silence starts with 32 kbit/s frames: the whole input
         * would be re-encoded at that.
         */
        public static final int MIN_KBPS = 128;
        /** LAME encodes MPEG-2.5 (8 to 12 kHz) at 64 kbit/s at most, though its frames could say up to 160. */
        static final int MPEG_2_5_MAX_KBPS = 64;

        /**
         * {@code stream} at the bitrate of the input's first frame, {@code bitrateKbps}, or at least {@link #minKbps} of
         * the stream's format: a low-bitrate station (talk, mobile) is not sent four times its own bitrate. Rounded up to
         * a bitrate the stream's MPEG version has (LAME would take the nearest, often below the least), at most its
         * highest: what the log says is what the frames have.
         */
        public static Target of(SampleFormat stream, int bitrateKbps) {
            return new Target(stream.sampleRate(), stream.channels(), atLeast(stream, Math.max(bitrateKbps, minKbps(stream))));
        }

        /** The least bitrate LAME encodes {@code stream} at that is at least {@code kbps}; its highest if none is. */
        private static int atLeast(SampleFormat stream, int kbps) {
            int highest = 0;
            for (int bitrate : FrameHeader.layer3Bitrates(stream.version())) {
                if (stream.version() == MpegVersion.MPEG_2_5 && bitrate > MPEG_2_5_MAX_KBPS) {
                    break;
                }
                if (bitrate >= kbps) {
                    return bitrate;
                }
                highest = bitrate;
            }
            return highest;
        }

        /** {@link #MIN_KBPS} scaled to {@code stream}'s sample rate and channels; at least 8, the least any format has. */
        static int minKbps(SampleFormat stream) {
            return (int) Math.max(8, Math.round(MIN_KBPS * stream.channels() / 2.0 * stream.sampleRate() / 44_100.0));
        }
    }
}
