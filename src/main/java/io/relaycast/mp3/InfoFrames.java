package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;

/**
 * Recognises Xing/Info (LAME) and VBRI (Fraunhofer) frames: valid, silent Layer III frames that describe a whole
 * file (frame count, seek table, encoder delay). In a live stream they are wrong the moment the stream is relayed,
 * so they are not sent to listeners.
 */
final class InfoFrames {

    private static final int XING = 0x58696E67;
    private static final int INFO = 0x496E666F;
    private static final int VBRI = 0x56425249;
    private static final int VBRI_OFFSET = 4 + 32;
    private static final int CRC_BYTES = 2;

    private InfoFrames() {
    }

    /** Whether the whole frame at {@code start} with header {@code header} is a Xing, Info or VBRI frame. */
    static boolean isInfoFrame(ByteBuf in, int start, FrameHeader header) {
        if (header.layer() != 3) {
            return false;
        }
        // A tag's place may lie past the end of a short frame (MPEG-2 at 8 kbit/s: 24 bytes): then it is not there.
        int length = header.frameLength();
        int offset = 4 + header.sideInfoLength();
        if (fits(offset, length) && isXing(in.getInt(start + offset))) {
            return true;
        }
        boolean crcProtected = (in.getByte(start + 1) & 1) == 0;
        if (crcProtected && fits(offset + CRC_BYTES, length) && isXing(in.getInt(start + offset + CRC_BYTES))) {
            return true;
        }
        return fits(VBRI_OFFSET, length) && in.getInt(start + VBRI_OFFSET) == VBRI;
    }

    private static boolean fits(int wordOffset, int frameLength) {
        return wordOffset + Integer.BYTES <= frameLength;
    }

    private static boolean isXing(int word) {
        return word == XING || word == INFO;
    }
}
