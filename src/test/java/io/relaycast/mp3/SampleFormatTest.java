package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFormatTest {

    @TempDir
    Path dir;

    @Test
    void aDeclarationReadsAsWrittenAndTakesTheDefaultForWhatItLeavesOut() {
        assertThat(SampleFormat.parse("48000", "stereo")).isEqualTo(new SampleFormat(48_000, 2));
        assertThat(SampleFormat.parse(" 22050 ", "MONO")).isEqualTo(new SampleFormat(22_050, 1));
        assertThat(SampleFormat.parse(null, "1")).isEqualTo(new SampleFormat(44_100, 1));
        assertThat(SampleFormat.parse("32000", null)).isEqualTo(new SampleFormat(32_000, 2));
        assertThat(SampleFormat.parse(null, null)).as("nothing declared").isNull();
    }

    @Test
    void whatIsNotAnMp3SampleRateOrChannelCountIsRefusedSayingWhich() {
        assertThatThrownBy(() -> SampleFormat.parse("96000", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample-rate must be an MP3 sample rate " + SampleFormat.SAMPLE_RATES + ": 96000");
        assertThatThrownBy(() -> SampleFormat.parse("48kHz", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample-rate must be a number of Hz " + SampleFormat.SAMPLE_RATES + ": 48kHz");
        assertThatThrownBy(() -> SampleFormat.parse(null, "3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channels must be 1 (mono) or 2 (stereo): 3");
        assertThatThrownBy(() -> new SampleFormat(44_100, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFormatOfAFrameIsItsRateAndChannelCount() {
        FrameHeader dual = new FrameHeader(MpegVersion.MPEG_2, 3, 64, 24_000, true, ChannelMode.DUAL_CHANNEL);
        assertThat(SampleFormat.of(dual)).isEqualTo(new SampleFormat(24_000, 2));
        assertThat(new SampleFormat(24_000, 2).matches(dual)).isTrue();
        assertThat(new SampleFormat(24_000, 1).matches(dual)).isFalse();
        assertThat(new SampleFormat(48_000, 2)).hasToString("48000 Hz/stereo");
    }

    /** The server's silence in every declarable format is what ffmpeg decodes to that rate and channel count, silent. */
    @Test
    void silenceInEveryDeclarableFormatDecodesToThatFormatWithoutErrors() throws Exception {
        for (int rate : SampleFormat.SAMPLE_RATES) {
            for (int channels = 1; channels <= 2; channels++) {
                SampleFormat format = new SampleFormat(rate, channels);
                FrameHeader header = format.silenceHeader();
                assertThat(SampleFormat.of(header)).isEqualTo(format);
                ByteArrayOutputStream stream = new ByteArrayOutputStream();
                for (int i = 0; i < 50; i++) {
                    stream.writeBytes(SilentFrames.silentFrame(header));
                }
                Path file = Files.write(dir.resolve("silence-" + rate + "-" + channels + ".mp3"), stream.toByteArray());

                assertThat(Ffmpeg.decodeErrors(file)).as(format.toString()).isEmpty();
                byte[] pcm = Ffmpeg.decodePcm(file);
                assertThat(pcm.length).as(format.toString()).isEqualTo(50 * header.samplesPerFrame() * channels * 2);
                assertThat(pcm).as(format.toString()).containsOnly(0);
            }
        }
    }
}
