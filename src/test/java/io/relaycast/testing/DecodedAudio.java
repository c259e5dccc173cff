package io.relaycast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a listener would hear: an MP3 file decoded to 16-bit PCM by a real decoder (ffmpeg or mpg123), left channel only,
 * and a measure of clicks and noise bursts in it.
 */
public final class DecodedAudio {

    /** Samples per channel of one MPEG-1 Layer III frame: the window the measures below work in. */
    public static final int FRAME_SAMPLES = 1152;

    private final short[] left;

    private DecodedAudio(short[] left) {
        this.left = left;
    }

    /** {@code file} decoded by ffmpeg (stereo 16-bit), errors or not. */
    public static DecodedAudio ffmpeg(Path file) {
        Programs.Result result = Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(),
                "-f", "s16le", "-ac", "2", "-");
        result.assertSuccess();
        return fromStereo(result.stdout());
    }

    /** {@code file} decoded by mpg123 (stereo 16-bit). */
    public static DecodedAudio mpg123(Path file) {
        Programs.Result result = Programs.run(Duration.ofSeconds(60), "mpg123", "-q", "-s", "--stereo", file.toString());
        result.assertSuccess();
        return fromStereo(result.stdout());
    }

    private static DecodedAudio fromStereo(Path raw) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
            short[] left = new short[bytes.remaining() / 4];
            for (int i = 0; i < left.length; i++) {
                left[i] = bytes.getShort(i * 4);
            }
            return new DecodedAudio(left);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole frame windows decoded. */
    public int frames() {
        return left.length / FRAME_SAMPLES;
    }

    /**
     * High-frequency energy of frame window {@code frame}: the mean square of the signal's second difference, a crude
     * high-pass filter. A pure low tone scores little (a 440 Hz tone at ffmpeg's default level about 60), silence 0, and
     * a burst of noise from a decoder fed the wrong bits scores far more than the tone around it.
     */
    public double noise(int frame) {
        int from = Math.max(2, frame * FRAME_SAMPLES);
        int to = Math.min(left.length, (frame + 1) * FRAME_SAMPLES);
        double sum = 0;
        for (int i = from; i < to; i++) {
            double second = left[i] - 2.0 * left[i - 1] + left[i - 2];
            sum += second * second;
        }
        return to > from ? sum / (to - from) : 0;
    }

    /** The loudest {@link #noise(int)} over frame windows {@code [from, to)}. */
    public double maxNoise(int from, int to) {
        double max = 0;
        for (int frame = from; frame < Math.min(to, frames()); frame++) {
            max = Math.max(max, noise(frame));
        }
        return max;
    }

    /** The largest absolute sample: 0 for digital silence, 32768 at full scale. */
    public int peak() {
        return peak(0, frames() + 1);
    }

    /** The largest absolute sample in frame windows {@code [from, to)}. */
    public int peak(int from, int to) {
        int peak = 0;
        for (int i = from * FRAME_SAMPLES; i < Math.min(left.length, to * FRAME_SAMPLES); i++) {
            peak = Math.max(peak, Math.abs(left[i]));
        }
        return peak;
    }

    /** Whether frame window {@code frame} here holds exactly the samples of window {@code otherFrame} of {@code other}. */
    public boolean sameFrame(int frame, DecodedAudio other, int otherFrame) {
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            if (left[frame * FRAME_SAMPLES + i] != other.left[otherFrame * FRAME_SAMPLES + i]) {
                return false;
            }
        }
        return true;
    }
}
