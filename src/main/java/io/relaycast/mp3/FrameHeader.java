package io.relaycast.mp3;

import java.util.Arrays;
import java.util.Objects;

/**
 * The decoded fields of a 32-bit MPEG audio frame header that decide a frame's length and whether two frames
 * belong to the same stream.
 *
 * <p>A record so that headers compare by value; {@link #parse(int)} hands out shared instances from a table built
 * once, so parsing on the hot path never allocates. Fields the relay does not need (CRC protection, mode
 * extension, copyright, original, emphasis) are not kept: {@link #encode()} writes them as "no CRC" and zero.
 *
 * @param version     MPEG version
 * @param layer       1, 2 or 3
 * @param bitrateKbps bitrate in kbit/s (free format is not supported)
 * @param sampleRate  sample rate in Hz
 * @param padding     whether the frame carries one padding slot
 * @param channelMode channel mode
 */
public record FrameHeader(MpegVersion version, int layer, int bitrateKbps, int sampleRate, boolean padding,
                          ChannelMode channelMode) {

    private static final int SYNC_MASK = 0xFFE00000;
    private static final int EMPHASIS_RESERVED = 0b10;
    private static final int NO_CRC_BIT = 1 << 16;

    /** Bitrates in kbit/s by [table][index]; index 0 is free format (unsupported), 15 is invalid. */
    private static final int[][] BITRATES = {
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
    };

    /** Every valid header, indexed by header bits 20..6 (version, layer, CRC, bitrate, sample rate, padding, private, mode). */
    private static final FrameHeader[] TABLE = buildTable();

    public FrameHeader {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(channelMode, "channelMode");
        if (layer < 1 || layer > 3) {
            throw new IllegalArgumentException("layer must be 1..3: " + layer);
        }
        if (bitrateIndex(version, layer, bitrateKbps) < 0) {
            throw new IllegalArgumentException(bitrateKbps + " kbit/s is not a " + version + " layer " + layer + " bitrate");
        }
        if (version.sampleRateIndex(sampleRate) < 0) {
            throw new IllegalArgumentException(sampleRate + " Hz is not a " + version + " sample rate");
        }
    }

    /**
     * Decodes a 32-bit header (big-endian, as it appears in the stream).
     *
     * @return the header, or null if the word is not a valid, supported MPEG audio header
     */
    public static FrameHeader parse(int header32) {
        if ((header32 & SYNC_MASK) != SYNC_MASK || (header32 & 0b11) == EMPHASIS_RESERVED) {
            return null;
        }
        return TABLE[(header32 >>> 6) & 0x7FFF];
    }

    /** Length of the whole frame in bytes, header included. */
    public int frameLength() {
        int pad = padding ? 1 : 0;
        int bitsPerSecond = bitrateKbps * 1000;
        switch (layer) {
            case 1:
                return (12 * bitsPerSecond / sampleRate + pad) * 4;
            case 2:
                return 144 * bitsPerSecond / sampleRate + pad;
            default:
                int coefficient = version == MpegVersion.MPEG_1 ? 144 : 72;
                return coefficient * bitsPerSecond / sampleRate + pad;
        }
    }

    /** PCM samples per channel that one frame decodes to. */
    public int samplesPerFrame() {
        switch (layer) {
            case 1:
                return 384;
            case 2:
                return 1152;
            default:
                return version == MpegVersion.MPEG_1 ? 1152 : 576;
        }
    }

    /** Playing time of one frame, in nanoseconds (rounded down). */
    public long durationNanos() {
        return samplesPerFrame() * 1_000_000_000L / sampleRate;
    }

    /** Bytes of Layer III side information, which follows the header (and its CRC, if any). */
    public int sideInfoLength() {
        boolean mono = channels() == 1;
        if (version == MpegVersion.MPEG_1) {
            return mono ? 17 : 32;
        }
        return mono ? 9 : 17;
    }

    /** Bytes a Layer III frame of this format, without CRC, has for audio data after its side information. */
    public int audioDataCapacity() {
        return frameLength() - 4 - sideInfoLength();
    }

    /**
     * This version and sample rate in Layer III with {@code mode} and no padding, at the lowest bitrate whose frames have
     * room for {@code bytes} of audio data ({@link #audioDataCapacity()}), or at the highest bitrate when none has.
     */
    public FrameHeader layer3Holding(int bytes, ChannelMode mode) {
        int[] table = bitrates(version, 3);
        FrameHeader format = null;
        for (int i = 1; i < table.length; i++) {
            format = new FrameHeader(version, 3, table[i], sampleRate, false, mode);
            if (format.audioDataCapacity() >= bytes) {
                return format;
            }
        }
        return format;
    }

    /** Number of audio channels. */
    public int channels() {
        return channelMode.channels();
    }

    /**
     * Whether a frame with this header can follow {@code other} in one stream: same version, layer and sample rate.
     * Bitrate and padding may change from frame to frame (VBR).
     */
    public boolean sameStreamAs(FrameHeader other) {
        return other != null && version == other.version && layer == other.layer && sampleRate == other.sampleRate;
    }

    /** The 32-bit header for these fields, without CRC and with mode extension, copyright and emphasis zero. */
    public int encode() {
        return SYNC_MASK
            | version.bits() << 19
            | (4 - layer) << 17
            | NO_CRC_BIT
            | bitrateIndex(version, layer, bitrateKbps) << 12
            | version.sampleRateIndex(sampleRate) << 10
            | (padding ? 1 : 0) << 9
            | channelMode.ordinal() << 6;
    }

    /** The bitrates Layer III frames of {@code version} can have, in kbit/s, ascending. */
    public static int[] layer3Bitrates(MpegVersion version) {
        int[] table = bitrates(version, 3);
        return Arrays.copyOfRange(table, 1, table.length);
    }

    /** The bitrate table of a version and layer, by header index: 0 (free format) first, ascending after it. */
    static int[] bitrates(MpegVersion version, int layer) {
        return BITRATES[version == MpegVersion.MPEG_1 ? layer - 1 : Math.min(layer, 2) + 2];
    }

    private static int bitrateIndex(MpegVersion version, int layer, int kbps) {
        if (layer < 1 || layer > 3 || version == null) {
            return -1;
        }
        int[] table = bitrates(version, layer);
        for (int i = 1; i < table.length; i++) {
            if (table[i] == kbps) {
                return i;
            }
        }
        return -1;
    }

    private static FrameHeader[] buildTable() {
        FrameHeader[] table = new FrameHeader[1 << 15];
        for (int index = 0; index < table.length; index++) {
            table[index] = decodeFields(index);
        }
        return table;
    }

    /** Decodes header bits 20..6 given as a 15-bit index; null when a field is reserved or unsupported. */
    private static FrameHeader decodeFields(int index) {
        MpegVersion version = MpegVersion.fromBits(index >>> 13 & 0b11);
        int layer = 4 - (index >>> 11 & 0b11);
        int bitrateIndex = index >>> 6 & 0b1111;
        int sampleRateIndex = index >>> 4 & 0b11;
        if (version == null || layer == 4 || bitrateIndex == 0 || bitrateIndex == 15 || sampleRateIndex == 3) {
            return null;
        }
        boolean padding = (index & 0b1000) != 0;
        ChannelMode mode = ChannelMode.values()[index & 0b11];
        return new FrameHeader(version, layer, bitrates(version, layer)[bitrateIndex], version.sampleRate(sampleRateIndex),
            padding, mode);
    }
}
