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
        int offset = start + 4 + header.sideInfoLength();
        if (isXing(in.getInt(offset))) {
            return true;
        }
        boolean crcProtected = (in.getByte(start + 1) & 1) == 0;
        if (crcProtected && isXing(in.getInt(offset + CRC_BYTES))) {
            return true;
        }
        return in.getInt(start + VBRI_OFFSET) == VBRI;
    }

    private static boolean isXing(int word) {
        return word == XING || word == INFO;
    }
}
