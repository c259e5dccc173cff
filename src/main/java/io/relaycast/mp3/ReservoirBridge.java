package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Makes a switch between two MP3 streams decode cleanly.
 *
 * <p>A Layer III frame may start its audio data up to 511 bytes before its own side information ends
 * ({@code main_data_begin}, the bit reservoir), inside the frames before it. Right after a switch (a DJ takes over, the
 * playlist resumes mid-track, a relay joins its origin mid-stream, resync dropped a cut frame) those bytes belong to the
 * other input or were never sent, and decoders turn them into a burst of noise without reporting any error: ffmpeg and
 * mpg123 both do. Frame-exact switching alone does not prevent that click.
 *
 * <p>So, after each switch, while a frame of the new input reaches back further than the bytes this bridge can vouch
 * for, it is replaced by a silent frame of the same format that carries, at its very end, the new input's own most recent
 * audio data: exactly what the next frame reaches back for, since decoders look for the reservoir at the end of the
 * previous frame. The first frame whose reservoir is covered goes out unchanged, and so does every frame after it until
 * the next switch. A switch mid-stream costs the new input's first two frames (about 50 ms at 128 kbit/s, heard as
 * silence); a new encoder's first frame reaches back for nothing, and passes at once. Layer I and II have no reservoir.
 *
 * <p>One per mount, confined to the mount's loop.
 */
public final class ReservoirBridge {

    /** main_data_begin is 9 bits in MPEG-1, 8 bits in MPEG-2 and 2.5. */
    private static final int MAX_RESERVOIR_MPEG1 = 511;
    private static final int MAX_RESERVOIR_LSF = 255;
    private static final int HEADER_BYTES = 4;
    private static final int CRC_BYTES = 2;

    private final byte[] history = new byte[MAX_RESERVOIR_MPEG1];
    private int historyLength;
    private int carried;
    private Object origin;
    private boolean bridging;

    /**
     * The frame to publish for {@code frame}, which came from {@code input} (an identity: a new one is a switch, and so is a
     * frame {@linkplain Mp3Frame#afterGap() after a gap} in its own stream, such as bytes dropped by resync). Returns
     * {@code frame} itself, or a silent bridge frame in its place, in which case {@code frame} has been released. Takes
     * ownership of {@code frame}; the caller owns what is returned.
     */
    public Mp3Frame next(Object input, Mp3Frame frame) {
        if (input != origin || frame.afterGap()) {
            origin = input;
            bridging = true;
            historyLength = 0;
            carried = 0;
        }
        if (!bridging) {
            return frame;
        }
        FrameHeader header = frame.header();
        ByteBuf content = frame.content();
        int start = content.readerIndex();
        if (header.layer() != 3 || reach(header, content, start) <= carried) {
            bridging = false;
            return frame;
        }
        remember(header, content, start);
        Mp3Frame bridge = bridgeCarrying(header, historyLength);
        frame.release();
        return bridge;
    }

    /**
     * For a listener whose decoder holds another stream's reservoir (one moved to another mount) and who goes on with
     * {@code next}, a buffer that starts with whole frames: a silent frame to send first, carrying the audio data that
     * {@code next}'s first frame reaches back for, taken from {@code before}, the whole frames just before it in the same
     * stream, oldest first. Null when that frame reaches back for nothing, or for more than {@code before} holds.
     */
    public static Mp3Frame joining(List<ByteBuf> before, ByteBuf next) {
        FrameHeader header = FrameHeader.parse(next.getInt(next.readerIndex()));
        if (header == null || header.layer() != 3) {
            return null;
        }
        int reach = reach(header, next, next.readerIndex());
        ReservoirBridge bridge = new ReservoirBridge();
        for (ByteBuf frames : before) {
            bridge.rememberAll(frames);
        }
        if (reach == 0 || bridge.historyLength < reach) {
            return null;
        }
        return bridge.bridgeCarrying(header, reach);
    }

    /** How far back the Layer III frame at {@code start} reaches for its audio data; beyond its end if it is cut short. */
    private static int reach(FrameHeader header, ByteBuf content, int start) {
        int sideInfo = sideInfoStart(content, start);
        if (sideInfo + header.sideInfoLength() > content.writerIndex()) {
            return Integer.MAX_VALUE;
        }
        return mainDataBegin(header, content, sideInfo);
    }

    /** Where the side information of the Layer III frame at {@code start} begins: after its header and CRC, if any. */
    static int sideInfoStart(ByteBuf content, int start) {
        boolean crc = (content.getByte(start + 1) & 1) == 0;
        return start + HEADER_BYTES + (crc ? CRC_BYTES : 0);
    }

    /** A bridge in {@code like}'s format carrying the last {@code wanted} bytes of the history (as many as fit). */
    private Mp3Frame bridgeCarrying(FrameHeader like, int wanted) {
        int reservoir = Math.min(wanted, like.version() == MpegVersion.MPEG_1 ? MAX_RESERVOIR_MPEG1 : MAX_RESERVOIR_LSF);
        FrameHeader format = like.layer3Holding(reservoir, like.channelMode());
        carried = Math.min(reservoir, format.audioDataCapacity());
        return bridgeFrame(format);
    }

    /** Remembers the audio data of every whole Layer III frame in {@code frames}. */
    private void rememberAll(ByteBuf frames) {
        int at = frames.readerIndex();
        while (frames.writerIndex() - at >= HEADER_BYTES) {
            FrameHeader header = FrameHeader.parse(frames.getInt(at));
            if (header == null || at + header.frameLength() > frames.writerIndex()) {
                return;
            }
            if (header.layer() == 3) {
                remember(header, frames, at);
            }
            at += header.frameLength();
        }
    }

    /** Appends the audio data (what follows the side information) of the frame at {@code start} to the history. */
    private void remember(FrameHeader header, ByteBuf content, int start) {
        int from = sideInfoStart(content, start) + header.sideInfoLength();
        int to = start + header.frameLength();
        if (from < to && to <= content.writerIndex()) {
            append(content, from, to);
        }
    }

    /** How far before its side information's end a Layer III frame's audio data starts, in bytes. */
    static int mainDataBegin(FrameHeader header, ByteBuf content, int sideInfo) {
        int first = content.getUnsignedByte(sideInfo);
        if (header.version() == MpegVersion.MPEG_1) {
            return first << 1 | content.getUnsignedByte(sideInfo + 1) >>> 7;
        }
        return first;
    }

    /** Appends {@code content[from, to)} to the history, keeping its most recent bytes. */
    private void append(ByteBuf content, int from, int to) {
        int length = to - from;
        if (length >= history.length) {
            content.getBytes(to - history.length, history);
            historyLength = history.length;
            return;
        }
        int keep = Math.min(historyLength, history.length - length);
        System.arraycopy(history, historyLength - keep, history, 0, keep);
        content.getBytes(from, history, keep, length);
        historyLength = keep + length;
    }

    /** A silent frame whose last {@link #carried} bytes are the end of the history, where decoders keep their reservoir. */
    private Mp3Frame bridgeFrame(FrameHeader format) {
        byte[] frame = SilentFrames.silentFrame(format);
        System.arraycopy(history, historyLength - carried, frame, frame.length - carried, carried);
        return new Mp3Frame(format, Unpooled.wrappedBuffer(frame));
    }
}
