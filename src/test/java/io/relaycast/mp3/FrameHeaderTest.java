package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameHeaderTest {

    private static final int MPEG1_L3_128K_44100 = 0xFFFB9064;

    @Test
    void everyValidCombinationSurvivesEncodeAndParse() {
        Set<FrameHeader> all = TestStreams.allHeaders();
        assertThat(all).hasSize(3 * 3 * 14 * 3 * 2 * 4);
        for (FrameHeader header : all) {
            assertThat(FrameHeader.parse(header.encode())).isEqualTo(header);
        }
    }

    @Test
    void parsesEveryHeaderWordConsistently() {
        Set<FrameHeader> seen = new HashSet<>();
        for (int low = 0; low < 1 << 21; low++) {
            int word = 0xFFE00000 | low;
            FrameHeader header = FrameHeader.parse(word);
            if (header != null) {
                seen.add(header);
                assertThat(FrameHeader.parse(header.encode())).isEqualTo(header);
            }
        }
        assertThat(seen).isEqualTo(TestStreams.allHeaders());
    }

    @Test
    void theLowestBitrateWithRoomForSomeAudioDataIsFoundAndTheHighestWhenNoneHasRoom() {
        FrameHeader mono64 = new FrameHeader(MpegVersion.MPEG_1, 3, 64, 44100, true, ChannelMode.MONO);
        assertThat(mono64.audioDataCapacity()).isEqualTo(209 - 4 - 17);

        // In stereo, 15 bytes more of side information: 64 kbit/s (208 - 4 - 32 = 172 bytes) is too small for 188.
        assertThat(mono64.layer3Holding(188, ChannelMode.JOINT_STEREO))
                .isEqualTo(new FrameHeader(MpegVersion.MPEG_1, 3, 80, 44100, false, ChannelMode.JOINT_STEREO));
        assertThat(mono64.layer3Holding(0, ChannelMode.JOINT_STEREO).bitrateKbps()).isEqualTo(32);
        assertThat(mono64.layer3Holding(5000, ChannelMode.JOINT_STEREO).bitrateKbps()).isEqualTo(320);
        FrameHeader lsf = new FrameHeader(MpegVersion.MPEG_2, 3, 32, 22050, false, ChannelMode.MONO);
        assertThat(lsf.layer3Holding(5000, ChannelMode.MONO).bitrateKbps()).isEqualTo(160);
    }

    @Test
    void parsesARealLameHeader() {
        FrameHeader header = FrameHeader.parse(MPEG1_L3_128K_44100);
        assertThat(header).isEqualTo(new FrameHeader(MpegVersion.MPEG_1, 3, 128, 44100, false, ChannelMode.JOINT_STEREO));
        assertThat(header.channels()).isEqualTo(2);
    }

    @Test
    void rejectsReservedAndUnsupportedFields() {
        int valid = MPEG1_L3_128K_44100;
        assertThat(FrameHeader.parse(valid)).isNotNull();
        assertThat(FrameHeader.parse(valid & ~0x00200000)).as("sync bit missing").isNull();
        assertThat(FrameHeader.parse(valid & ~0x00180000 | 0x00080000)).as("version 01").isNull();
        assertThat(FrameHeader.parse(valid & ~0x00060000)).as("layer 00").isNull();
        assertThat(FrameHeader.parse(valid & ~0x0000F000)).as("free format").isNull();
        assertThat(FrameHeader.parse(valid | 0x0000F000)).as("bitrate 15").isNull();
        assertThat(FrameHeader.parse(valid | 0x00000C00)).as("sample rate 3").isNull();
        assertThat(FrameHeader.parse(valid & ~0x3 | 0x2)).as("emphasis 10").isNull();
        assertThat(FrameHeader.parse(valid & ~0x3 | 0x1)).as("emphasis 50/15").isNotNull();
        assertThat(FrameHeader.parse(0)).isNull();
    }

    @Test
    void computesKnownFrameLengths() {
        assertThat(header(MpegVersion.MPEG_1, 3, 128, 44100, false).frameLength()).isEqualTo(417);
        assertThat(header(MpegVersion.MPEG_1, 3, 128, 44100, true).frameLength()).isEqualTo(418);
        assertThat(header(MpegVersion.MPEG_1, 3, 320, 48000, false).frameLength()).isEqualTo(960);
        assertThat(header(MpegVersion.MPEG_2, 3, 64, 22050, false).frameLength()).isEqualTo(208);
        assertThat(header(MpegVersion.MPEG_2_5, 3, 8, 8000, false).frameLength()).isEqualTo(72);
        assertThat(header(MpegVersion.MPEG_1, 2, 192, 48000, false).frameLength()).isEqualTo(576);
        assertThat(header(MpegVersion.MPEG_2, 2, 64, 24000, true).frameLength()).isEqualTo(385);
        assertThat(header(MpegVersion.MPEG_1, 1, 384, 48000, false).frameLength()).isEqualTo(384);
        assertThat(header(MpegVersion.MPEG_1, 1, 32, 44100, true).frameLength()).isEqualTo(36);
    }

    @Test
    void computesSamplesAndDurations() {
        FrameHeader cd = header(MpegVersion.MPEG_1, 3, 128, 44100, false);
        assertThat(cd.samplesPerFrame()).isEqualTo(1152);
        assertThat(cd.durationNanos()).isEqualTo(26_122_448L);
        FrameHeader lsf = header(MpegVersion.MPEG_2, 3, 64, 22050, false);
        assertThat(lsf.samplesPerFrame()).isEqualTo(576);
        assertThat(lsf.durationNanos()).isEqualTo(26_122_448L);
        assertThat(header(MpegVersion.MPEG_2_5, 2, 64, 8000, false).samplesPerFrame()).isEqualTo(1152);
        assertThat(header(MpegVersion.MPEG_1, 1, 64, 48000, false).samplesPerFrame()).isEqualTo(384);
        assertThat(header(MpegVersion.MPEG_1, 1, 64, 48000, false).durationNanos()).isEqualTo(8_000_000L);
    }

    @Test
    void sameStreamIgnoresBitrateAndPaddingOnly() {
        FrameHeader base = header(MpegVersion.MPEG_1, 3, 128, 44100, false);
        assertThat(base.sameStreamAs(header(MpegVersion.MPEG_1, 3, 320, 44100, true))).isTrue();
        assertThat(base.sameStreamAs(header(MpegVersion.MPEG_1, 3, 128, 48000, false))).isFalse();
        assertThat(base.sameStreamAs(header(MpegVersion.MPEG_1, 2, 128, 44100, false))).isFalse();
        assertThat(base.sameStreamAs(header(MpegVersion.MPEG_2, 3, 128, 22050, false))).isFalse();
        assertThat(base.sameStreamAs(null)).isFalse();
    }

    @Test
    void refusesToBuildUnencodableHeaders() {
        assertThatThrownBy(() -> header(MpegVersion.MPEG_1, 3, 8, 44100, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> header(MpegVersion.MPEG_2, 3, 128, 44100, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> header(MpegVersion.MPEG_1, 4, 128, 44100, false)).isInstanceOf(IllegalArgumentException.class);
    }

    private static FrameHeader header(MpegVersion version, int layer, int kbps, int sampleRate, boolean padding) {
        return new FrameHeader(version, layer, kbps, sampleRate, padding, ChannelMode.STEREO);
    }
}
