package io.relaycast.mp3;

import java.util.List;
import java.util.Locale;

/**
 * The sample rate and channel count of a stream's audio: what a mount may declare its stream to be ({@code sample-rate},
 * {@code channels}), and what its {@code conform} setting re-encodes inputs to.
 *
 * @param sampleRate one of MP3's nine sample rates, in Hz
 * @param channels   1 (mono) or 2 (stereo)
 */
public record SampleFormat(int sampleRate, int channels) {

    /** Every sample rate an MPEG audio frame can have (MPEG-2.5, MPEG-2, MPEG-1). */
    public static final List<Integer> SAMPLE_RATES = List.of(8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000);
    /** What a declaration that names only one of the two takes for the other: what most stations send. */
    public static final int DEFAULT_SAMPLE_RATE = 44100;
    public static final int DEFAULT_CHANNELS = 2;

    public SampleFormat {
        if (!SAMPLE_RATES.contains(sampleRate)) {
            throw new IllegalArgumentException("sample-rate must be an MP3 sample rate " + SAMPLE_RATES + ": " + sampleRate);
        }
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 (mono) or 2 (stereo): " + channels);
        }
    }

    /** The format of the audio {@code header} starts. */
    public static SampleFormat of(FrameHeader header) {
        return new SampleFormat(header.sampleRate(), header.channels());
    }

    /**
     * A declared format from its settings as written ({@code 48000}; {@code 2} or {@code stereo}, {@code 1} or
     * {@code mono}); one left out (null) is the default; null when both are.
     *
     * @throws IllegalArgumentException for a value that is not a sample rate or a channel count, saying which
     */
    public static SampleFormat parse(String sampleRate, String channels) {
        if (sampleRate == null && channels == null) {
            return null;
        }
        return new SampleFormat(sampleRate == null ? DEFAULT_SAMPLE_RATE : number("sample-rate", sampleRate),
                channels == null ? DEFAULT_CHANNELS : channelCount(channels));
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(name + " must be a number of Hz " + SAMPLE_RATES + ": " + value);
        }
    }

    private static int channelCount(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "mono", "1" -> 1;
            case "stereo", "2" -> 2;
            default -> throw new IllegalArgumentException("channels must be 1 (mono) or 2 (stereo): " + value);
        };
    }

    /** Whether the audio {@code header} starts is in this format. */
    public boolean matches(FrameHeader header) {
        return header.sampleRate() == sampleRate && header.channels() == channels;
    }

    /**
     * A Layer III header in this format for the server's own silence: MPEG-1 at 128 kbit/s for 32-48 kHz, MPEG-2 or 2.5
     * at 64 kbit/s below; joint stereo or mono, no padding.
     */
    public FrameHeader silenceHeader() {
        MpegVersion version = version();
        return new FrameHeader(version, 3, version == MpegVersion.MPEG_1 ? 128 : 64, sampleRate, false,
                channels == 2 ? ChannelMode.JOINT_STEREO : ChannelMode.MONO);
    }

    /** The MPEG version whose frames have this sample rate: 1 for 32-48 kHz, 2 for 16-24 kHz, 2.5 below. */
    public MpegVersion version() {
        return sampleRate >= 32000 ? MpegVersion.MPEG_1 : sampleRate >= 16000 ? MpegVersion.MPEG_2 : MpegVersion.MPEG_2_5;
    }

    @Override
    public String toString() {
        return sampleRate + " Hz/" + (channels == 2 ? "stereo" : "mono");
    }
}
