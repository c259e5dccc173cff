package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.relaycast.testing.Programs;
import io.relaycast.testing.TestAudio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Mono frames made by LAME, turned into stereo and decoded by ffmpeg and mpg123 next to the mono original. */
class StereoUpmixTest {

    /** A tone with a click every half second: LAME then switches to short blocks and draws on its bit reservoir. */
    private static final String CLICKS = "aevalsrc='if(lt(mod(t\\,0.5)\\,0.01)\\,0.9*sin(2*PI*3100*t)\\,0.3*sin(2*PI*440*t)"
            + "+0.1*sin(2*PI*5000*t))':s=%d:d=4";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} Hz, {1} kbit/s mono")
    @CsvSource({"44100, 64", "44100, 128", "32000, 160", "22050, 32", "24000, 64"})
    void bothChannelsOfTheStereoFramesDecodeToTheMonoSamples(int sampleRate, int kbps) throws Exception {
        Path mono = encodeMono(sampleRate, kbps);
        List<byte[]> monoFrames = TestAudio.frames(mono);

        List<byte[]> stereoFrames = upmix(monoFrames);

        assertThat(stereoFrames).hasSameSizeAs(monoFrames);
        int reservoirUsed = 0;
        for (int i = 0; i < monoFrames.size(); i++) {
            FrameHeader in = header(monoFrames.get(i));
            FrameHeader out = header(stereoFrames.get(i));
            assertThat(out.channelMode()).isEqualTo(ChannelMode.JOINT_STEREO);
            assertThat(out.sampleRate()).isEqualTo(sampleRate);
            assertThat(stereoFrames.get(i)[3] >> 4 & 0b11).as("mode extension: mid/side, no intensity").isEqualTo(0b10);
            assertThat(mainDataBegin(stereoFrames.get(i), out)).isZero();
            reservoirUsed += mainDataBegin(monoFrames.get(i), in) > 0 ? 1 : 0;
        }
        assertThat(reservoirUsed).as("the mono frames reach into the bit reservoir").isGreaterThan(10);
        Path stereo = Files.write(dir.resolve("stereo.mp3"), TestAudio.concat(stereoFrames));
        Path monoRaw = Files.write(dir.resolve("mono-raw.mp3"), TestAudio.concat(monoFrames));

        short[] monoByFfmpeg = ffmpegMono(monoRaw);
        short[][] stereoByFfmpeg = ffmpeg(stereo);
        // The same samples, within ffmpeg's own float rounding: it takes another path for two channels, and on a loud
        // transient in MPEG-2 that moved 858 of 97,344 samples by up to 11 (of 32,768), where ffmpeg and mpg123 differ
        // from each other by 2,000.
        assertThat(stereoByFfmpeg[0]).as("left").hasSameSizeAs(monoByFfmpeg);
        assertThat(maxDifference(stereoByFfmpeg[0], monoByFfmpeg)).as("ffmpeg, left").isLessThanOrEqualTo(16);
        assertThat(samplesApart(stereoByFfmpeg[0], monoByFfmpeg, 1)).as("ffmpeg, samples more than 1 apart")
                .isLessThan(monoByFfmpeg.length / 50);
        assertThat(stereoByFfmpeg[1]).as("right").isEqualTo(stereoByFfmpeg[0]);
        assertThat(peak(stereoByFfmpeg[0])).isGreaterThan(5000);

        short[][] monoByMpg123 = mpg123(monoRaw);
        short[][] stereoByMpg123 = mpg123(stereo);
        assertThat(stereoByMpg123[0]).hasSameSizeAs(monoByMpg123[0]);
        assertThat(maxDifference(stereoByMpg123[0], monoByMpg123[0])).as("mpg123, left").isLessThanOrEqualTo(1);
        assertThat(maxDifference(stereoByMpg123[1], monoByMpg123[0])).as("mpg123, right").isLessThanOrEqualTo(1);
        assertThat(Programs.run(Duration.ofSeconds(30), "ffmpeg", "-nostdin", "-v", "error", "-i", stereo.toString(),
                "-f", "null", "-").stderrText()).isEmpty();
    }

    @Test
    void aFrameWhoseReservoirWasNeverSeenGoesOutAsStereoSilenceAndTheNextFramesDecodeAgain() throws Exception {
        List<byte[]> monoFrames = TestAudio.frames(encodeMono(44100, 128));
        int first = 0;
        while (mainDataBegin(monoFrames.get(first), header(monoFrames.get(first))) == 0) {
            first++;
        }
        List<byte[]> joined = monoFrames.subList(first, monoFrames.size());

        List<byte[]> stereoFrames = upmix(joined);

        assertThat(header(stereoFrames.get(0)).channelMode()).isEqualTo(ChannelMode.JOINT_STEREO);
        assertThat(SilentFrames.isFiller(Unpooled.wrappedBuffer(stereoFrames.get(0)))).isTrue();
        assertThat(stereoFrames.subList(1, stereoFrames.size())).noneMatch(f -> SilentFrames.isFiller(Unpooled.wrappedBuffer(f)));
        Path stereo = Files.write(dir.resolve("joined.mp3"), TestAudio.concat(stereoFrames));
        assertThat(Programs.run(Duration.ofSeconds(30), "ffmpeg", "-nostdin", "-v", "error", "-i", stereo.toString(),
                "-f", "null", "-").stderrText()).isEmpty();
    }

    @Test
    void stereoFramesAndMonoFramesOfAMonoStreamPassUnchanged() throws Exception {
        StereoUpmix upmix = new StereoUpmix();
        byte[] monoBytes = TestAudio.frames(encodeMono(44100, 64)).get(0);
        Mp3Frame mono = frame(monoBytes);
        assertThat(upmix.next(mono, false)).isSameAs(mono);
        mono.release();
        Mp3Frame stereo = frame(TestAudio.toneFrames(dir, 0.5).get(0));
        assertThat(upmix.next(stereo, true)).isSameAs(stereo);
        stereo.release();
    }

    private Path encodeMono(int sampleRate, int kbps) {
        Path file = dir.resolve("mono-" + sampleRate + "-" + kbps + ".mp3");
        Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                String.format(CLICKS, sampleRate), "-ac", "1", "-c:a", "libmp3lame", "-b:a", kbps + "k", file.toString())
                .assertSuccess();
        return file;
    }

    private static List<byte[]> upmix(List<byte[]> monoFrames) {
        StereoUpmix upmix = new StereoUpmix();
        List<byte[]> out = new ArrayList<>();
        for (byte[] bytes : monoFrames) {
            Mp3Frame stereo = upmix.next(frame(bytes), true);
            byte[] copy = new byte[stereo.content().readableBytes()];
            stereo.content().getBytes(stereo.content().readerIndex(), copy);
            assertThat(copy.length).isEqualTo(stereo.header().frameLength());
            stereo.release();
            out.add(copy);
        }
        return out;
    }

    private static Mp3Frame frame(byte[] bytes) {
        return new Mp3Frame(header(bytes), Unpooled.copiedBuffer(bytes));
    }

    private static FrameHeader header(byte[] frame) {
        return FrameHeader.parse(ByteBuffer.wrap(frame).getInt());
    }

    private static int mainDataBegin(byte[] frame, FrameHeader header) {
        int at = 4 + ((frame[1] & 1) == 0 ? 2 : 0);
        int word = (frame[at] & 0xFF) << 8 | frame[at + 1] & 0xFF;
        return header.version() == MpegVersion.MPEG_1 ? word >>> 7 : word >>> 8;
    }

    private static short[][] ffmpeg(Path file) throws IOException {
        Programs.Result result = Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-i",
                file.toString(), "-f", "s16le", "-ac", "2", "-");
        result.assertSuccess();
        return channels(Files.readAllBytes(result.stdout()));
    }

    /** Decoded as it is, one channel (asked for two, ffmpeg would mix the centre channel into each at -3 dB). */
    private static short[] ffmpegMono(Path file) throws IOException {
        Programs.Result result = Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-i",
                file.toString(), "-f", "s16le", "-");
        result.assertSuccess();
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(result.stdout())).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[bytes.remaining() / 2];
        bytes.asShortBuffer().get(samples);
        return samples;
    }

    private static short[][] mpg123(Path file) throws IOException {
        Programs.Result result = Programs.run(Duration.ofSeconds(60), "mpg123", "-q", "-s", "--stereo", file.toString());
        result.assertSuccess();
        return channels(Files.readAllBytes(result.stdout()));
    }

    private static short[][] channels(byte[] pcm) {
        ByteBuffer bytes = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        short[][] channels = new short[2][pcm.length / 4];
        for (int i = 0; i < channels[0].length; i++) {
            channels[0][i] = bytes.getShort(i * 4);
            channels[1][i] = bytes.getShort(i * 4 + 2);
        }
        return channels;
    }

    private static int peak(short[] samples) {
        int peak = 0;
        for (short sample : samples) {
            peak = Math.max(peak, Math.abs(sample));
        }
        return peak;
    }

    private static int samplesApart(short[] a, short[] b, int by) {
        int count = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            count += Math.abs(a[i] - b[i]) > by ? 1 : 0;
        }
        return count;
    }

    private static int maxDifference(short[] a, short[] b) {
        int max = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
