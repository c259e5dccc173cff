package io.relaycast.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.relaycast.mp3.FrameHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Checks that bytes a listener received are one unbroken chain of MPEG audio frames from the first byte: each header
 * valid and exactly where the previous frame ends. Only the very end may be cut, where the connection itself ended.
 */
public final class FrameChain {

    private FrameChain() {
    }

    /** Frames found, after asserting the chain; {@code allowCutTail} accepts a partial last frame. */
    public static int assertChain(byte[] audio, boolean allowCutTail) {
        int offset = 0;
        int frames = 0;
        while (offset < audio.length) {
            if (audio.length - offset < 4) {
                return cutTail(audio, offset, frames, allowCutTail);
            }
            FrameHeader header = FrameHeader.parse(intAt(audio, offset));
            if (header == null) {
                fail("no valid frame header at byte " + offset + " after " + frames + " frames (of " + audio.length + " bytes)");
            }
            if (offset + header.frameLength() > audio.length) {
                return cutTail(audio, offset, frames, allowCutTail);
            }
            offset += header.frameLength();
            frames++;
        }
        return frames;
    }

    /**
     * {@code audio} up to the end of its last whole frame: a capture stopped mid-frame because the test closed it, and
     * only that cut is removed, as a player would lose it. The chain must already be valid.
     */
    public static byte[] wholeFrames(byte[] audio) {
        int offset = 0;
        while (offset + 4 <= audio.length) {
            int length = FrameHeader.parse(intAt(audio, offset)).frameLength();
            if (offset + length > audio.length) {
                break;
            }
            offset += length;
        }
        return java.util.Arrays.copyOf(audio, offset);
    }

    /** The sample rates of the chain's frames, one entry per run of frames that share one. The chain must be valid. */
    public static List<Integer> sampleRates(byte[] audio) {
        return runs(audio, FrameHeader::sampleRate);
    }

    /** The channel counts of the chain's frames, one entry per run of frames that share one. The chain must be valid. */
    public static List<Integer> channels(byte[] audio) {
        return runs(audio, FrameHeader::channels);
    }

    private static List<Integer> runs(byte[] audio, ToIntFunction<FrameHeader> property) {
        List<Integer> runs = new ArrayList<>();
        int offset = 0;
        while (offset + 4 <= audio.length) {
            FrameHeader header = FrameHeader.parse(intAt(audio, offset));
            int value = property.applyAsInt(header);
            if (runs.isEmpty() || runs.get(runs.size() - 1) != value) {
                runs.add(value);
            }
            offset += header.frameLength();
        }
        return runs;
    }

    /** Whether {@code audio} starts with a valid frame header followed by another at the right place. */
    public static boolean startsOnFrame(byte[] audio) {
        if (audio.length < 4) {
            return false;
        }
        FrameHeader first = FrameHeader.parse(intAt(audio, 0));
        if (first == null) {
            return false;
        }
        int next = first.frameLength();
        return audio.length < next + 4 || FrameHeader.parse(intAt(audio, next)) != null;
    }

    private static int cutTail(byte[] audio, int offset, int frames, boolean allowCutTail) {
        if (!allowCutTail) {
            fail("stream ends with a partial frame at byte " + offset + " after " + frames + " frames");
        }
        return frames;
    }

    private static int intAt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) | ((bytes[offset + 2] & 0xFF) << 8)
                | (bytes[offset + 3] & 0xFF);
    }
}
