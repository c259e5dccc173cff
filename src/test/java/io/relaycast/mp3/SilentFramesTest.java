package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.relaycast.testing.Programs;
import io.relaycast.testing.TestAudio;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilentFramesTest {

    @TempDir
    Path dir;

    @Test
    void defaultFormatIsWhatMostSourcesSend() {
        assertThat(SilentFrames.defaultFormat())
            .isEqualTo(new FrameHeader(MpegVersion.MPEG_1, 3, 128, 44100, false, ChannelMode.JOINT_STEREO));
    }

    @Test
    void silentFrameIsOneWholeFrameOfTheFormat() {
        FrameHeader format = new FrameHeader(MpegVersion.MPEG_2, 3, 64, 22050, true, ChannelMode.MONO);
        byte[] frame = SilentFrames.silentFrame(format);
        assertThat(frame).hasSize(format.frameLength());
        assertThat(FrameHeader.parse(ByteBuffer.wrap(frame).getInt())).isEqualTo(format);
    }

    @Test
    void ffmpegDecodesSilentFramesOfEveryLayerToSilenceWithoutErrors() throws Exception {
        FrameHeader[] formats = {
            SilentFrames.defaultFormat(),
            new FrameHeader(MpegVersion.MPEG_1, 3, 320, 48000, true, ChannelMode.STEREO),
            new FrameHeader(MpegVersion.MPEG_2, 3, 64, 22050, false, ChannelMode.MONO),
            new FrameHeader(MpegVersion.MPEG_2_5, 3, 32, 8000, false, ChannelMode.DUAL_CHANNEL),
            new FrameHeader(MpegVersion.MPEG_1, 2, 192, 48000, false, ChannelMode.STEREO),
            new FrameHeader(MpegVersion.MPEG_2, 2, 64, 24000, false, ChannelMode.MONO),
            new FrameHeader(MpegVersion.MPEG_1, 1, 384, 32000, false, ChannelMode.JOINT_STEREO),
        };
        for (FrameHeader format : formats) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int i = 0; i < 100; i++) {
                stream.writeBytes(SilentFrames.silentFrame(format));
            }
            String name = "silence-" + format.layer() + "-" + format.sampleRate() + ".mp3";
            Path file = Files.write(dir.resolve(name), stream.toByteArray());

            assertThat(Ffmpeg.decodeErrors(file)).as(format.toString()).isEmpty();
            byte[] pcm = Ffmpeg.decodePcm(file);
            assertThat(pcm.length).as(format.toString()).isEqualTo(100 * format.samplesPerFrame() * format.channels() * 2);
            assertThat(pcm).as(format.toString()).containsOnly(0);
        }
    }

    @Test
    void ffmpegTakesASilentFrameThatStartsAStreamForAudioNotJunk() throws Exception {
        List<byte[]> tone = TestAudio.toneFrames(dir, 2);
        FrameHeader encoded = FrameHeader.parse(ByteBuffer.wrap(tone.get(0)).getInt());
        byte[] silent = SilentFrames.silentFrame(new FrameHeader(encoded.version(), 3, encoded.bitrateKbps(),
            encoded.sampleRate(), false, encoded.channelMode()));
        Path file = Files.write(dir.resolve("silence-then-tone.mp3"), TestAudio.concat(List.of(silent, TestAudio.concat(tone))));

        Programs.Result ffmpeg = Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "info", "-i",
            file.toString(), "-f", "null", "-").assertSuccess();

        assertThat(ffmpeg.stderrText()).as("mpv says this when it joins a stream").doesNotContain("junk");
    }

    @Test
    void fillerIsTheServersSilenceAndNeverAnEncodersDigitalSilence() throws Exception {
        assertThat(SilentFrames.isFiller(Unpooled.wrappedBuffer(SilentFrames.silentFrame(SilentFrames.defaultFormat()))))
            .isTrue();
        Path encoded = Ffmpeg.encode(dir.resolve("encoded-silence.mp3"), "anullsrc=r=44100:cl=stereo:d=3", "128k");
        List<byte[]> frames = TestAudio.frames(encoded);
        assertThat(frames).hasSizeGreaterThan(100);
        assertThat(frames).noneMatch(frame -> SilentFrames.isFiller(Unpooled.wrappedBuffer(frame)));
    }
}
