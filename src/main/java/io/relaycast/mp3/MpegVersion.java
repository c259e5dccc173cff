package io.relaycast.mp3;

/**
 * MPEG audio version; it decides the sample-rate table, the bitrate table and the Layer III frame size.
 */
public enum MpegVersion {
    MPEG_1(0b11, 44100, 48000, 32000),
    MPEG_2(0b10, 22050, 24000, 16000),
    MPEG_2_5(0b00, 11025, 12000, 8000);

    private final int bits;
    private final int[] sampleRates;

    MpegVersion(int bits, int... sampleRates) {
        this.bits = bits;
        this.sampleRates = sampleRates;
    }

    /** The two version bits of the frame header. */
    int bits() {
        return bits;
    }

    /** Sample rate for a header sample-rate index 0..2. */
    int sampleRate(int index) {
        return sampleRates[index];
    }

    /** The header sample-rate index of {@code sampleRate}, or -1 if this version does not have it. */
    int sampleRateIndex(int sampleRate) {
        for (int i = 0; i < sampleRates.length; i++) {
            if (sampleRates[i] == sampleRate) {
                return i;
            }
        }
        return -1;
    }

    /** The version encoded by the two header bits, or null for the reserved value 01. */
    static MpegVersion fromBits(int bits) {
        switch (bits) {
            case 0b11:
                return MPEG_1;
            case 0b10:
                return MPEG_2;
            case 0b00:
                return MPEG_2_5;
            default:
                return null;
        }
    }
}
