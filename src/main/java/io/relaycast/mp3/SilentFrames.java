package io.relaycast.mp3;

/**
 * Frames of digital silence, used to fill gaps (source switch, empty playlist) without breaking listeners'
 * decoders: a Layer III frame whose side information and main data are all zero decodes to silence.
 */
public final class SilentFrames {

    private static final FrameHeader DEFAULT_FORMAT =
        new FrameHeader(MpegVersion.MPEG_1, 3, 128, 44100, false, ChannelMode.JOINT_STEREO);

    private SilentFrames() {
    }

    /**
     * One silent frame in {@code format}, which must be Layer III (the bitrate, sample rate, padding and channel mode
     * are kept). A new array on each call.
     */
    public static byte[] silentFrame(FrameHeader format) {
        if (format.layer() != 3) {
            throw new IllegalArgumentException("silent frames are Layer III only: " + format);
        }
        byte[] frame = new byte[format.frameLength()];
        int header = format.encode();
        frame[0] = (byte) (header >>> 24);
        frame[1] = (byte) (header >>> 16);
        frame[2] = (byte) (header >>> 8);
        frame[3] = (byte) header;
        return frame;
    }

    /** MPEG-1 Layer III, 128 kbit/s, 44100 Hz, joint stereo: what most sources send. */
    public static FrameHeader defaultFormat() {
        return DEFAULT_FORMAT;
    }
}
