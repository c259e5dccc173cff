package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;

/**
 * Frames of digital silence, used to fill gaps (source switch, empty playlist) without breaking listeners'
 * decoders: a Layer III frame whose side information and main data are all zero decodes to silence, and so does a
 * Layer I or II frame whose bit allocation is all zero (no subband carries samples).
 */
public final class SilentFrames {

    private static final FrameHeader DEFAULT_FORMAT =
        new FrameHeader(MpegVersion.MPEG_1, 3, 128, 44100, false, ChannelMode.JOINT_STEREO);
    /** The header bit that marks a frame "original", as LAME (in ffmpeg, butt, liquidsoap, Mixxx) and shine mark theirs. */
    private static final int ORIGINAL_BIT = 1 << 2;

    private SilentFrames() {
    }

    /**
     * One silent frame in {@code format}, of any layer (the bitrate, sample rate, padding and channel mode are kept),
     * without CRC, marked original as encoders mark their frames: FFmpeg (mpv, ffplay, browsers) takes the first frame of
     * a stream for junk unless its copyright, original and emphasis bits agree with the next frame's, and a listener's
     * stream may start with a silent frame (a join burst that starts at a switch). A new array on each call.
     */
    public static byte[] silentFrame(FrameHeader format) {
        byte[] frame = new byte[format.frameLength()];
        int header = format.encode() | ORIGINAL_BIT;
        frame[0] = (byte) (header >>> 24);
        frame[1] = (byte) (header >>> 16);
        frame[2] = (byte) (header >>> 8);
        frame[3] = (byte) header;
        return frame;
    }

    /**
     * Whether {@code frame} (header included) is filler of the kind {@link #silentFrame} makes: a header followed by
     * nothing but zero bytes. Encoders never send such frames, even for digital silence (their side information is not
     * zero), so a run of them is a server filling a gap, as relaycast does for listeners a source left behind.
     */
    public static boolean isFiller(ByteBuf frame) {
        int end = frame.writerIndex();
        for (int i = frame.readerIndex() + 4; i < end; i++) {
            if (frame.getByte(i) != 0) {
                return false;
            }
        }
        return frame.readableBytes() > 4;
    }

    /** MPEG-1 Layer III, 128 kbit/s, 44100 Hz, joint stereo: what most sources send. */
    public static FrameHeader defaultFormat() {
        return DEFAULT_FORMAT;
    }
}
