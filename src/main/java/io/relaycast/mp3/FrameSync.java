package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The frame synchroniser: turns whatever bytes a source sends into whole, valid {@link Mp3Frame}s.
 *
 * <p>Pure state machine with no pipeline, shared by {@link Mp3FrameDecoder} (sources) and {@link Mp3FileReader}
 * (playlists). Rules:
 * <ul>
 *   <li><b>Locking.</b> Unlocked, it scans for a chain of three headers, each exactly where the
 *   previous frame ends and of the same stream ({@link FrameHeader#sameStreamAs}); only then it locks and emits from
 *   the first frame of the chain. A lone sync word in junk never passes. Scanned bytes are dropped as they go, so the
 *   buffer never holds more than one chain of frames while unlocked.</li>
 *   <li><b>Locked.</b> A frame is emitted once what follows it is known good: a header of the same stream, a tag,
 *   or (in {@link #decodeLast}) the end of the stream. Anything else means the frame was cut or corrupt: it is
 *   dropped and the scan restarts one byte after its header, so a stream that started inside it is found.</li>
 *   <li><b>Tags</b> (ID3v2, ID3v1, APE; see {@link Tags}) are skipped whole without buffering them, and a fresh
 *   lock is required after each, since a new file with another format may follow.</li>
 *   <li><b>Xing/Info/VBRI frames</b> describe a file, not a stream: they are dropped.</li>
 * </ul>
 * Every input byte is either emitted or counted as dropped in {@link #stats()}. Not thread-safe: one instance per
 * stream, driven by one thread.
 */
public final class FrameSync {

    private static final int CHAIN_LENGTH = 3;
    /**
     * Frames in a row that end a tag early: a tag's size field can be false (a corrupt header, a tagger's bug, garbage
     * that reads as a tag), and skipping what it claims, up to 256 MB, would skip the audio after it. Eight frames of
     * one stream, each where the last ends (about 200 ms of audio), do not occur by chance in a tag's text or pictures.
     */
    private static final int CHAIN_INSIDE_TAG = 8;
    private static final int HEADER_BYTES = 4;
    private static final byte SYNC_BYTE = (byte) 0xFF;

    private static final int NO = 0;
    private static final int FOUND = 1;
    private static final int NEED_MORE = 2;

    /** What follows a frame while locked. */
    private enum Successor { NEED_MORE, FRAME, TAG, END_OF_STREAM, OTHER }

    private final SyncStats stats = new SyncStats();
    private boolean locked;
    private boolean lockLost;
    /** Whether the next frame emitted follows a break in the stream (its start, a tag, dropped bytes). */
    private boolean afterGap = true;
    /** Header of the frame at the reader index while locked. */
    private FrameHeader current;
    private FrameHeader lastHeader;
    private long tagBytesToSkip;

    /** Consumes what it can from {@code in}, adding {@link Mp3Frame}s to {@code out}; the caller releases them. */
    public void decode(ByteBuf in, List<Object> out) {
        process(in, out, false);
    }

    /** Like {@link #decode} at end of stream: the last whole frame is emitted, everything left is dropped. */
    public void decodeLast(ByteBuf in, List<Object> out) {
        process(in, out, true);
        dropJunk(in, in.readableBytes());
        locked = false;
        current = null;
        tagBytesToSkip = 0;
    }

    /** Counters of this synchroniser, readable from any thread. */
    public SyncStats stats() {
        return stats;
    }

    /** Header of the last frame emitted (or skipped as Xing/Info), null before the first one. */
    public FrameHeader lastHeader() {
        return lastHeader;
    }

    private void process(ByteBuf in, List<Object> out, boolean last) {
        while (in.isReadable()) {
            boolean progress;
            if (tagBytesToSkip > 0) {
                progress = skipTagBytes(in, last);
            } else if (locked) {
                progress = stepLocked(in, out, last);
            } else {
                progress = scan(in, last);
            }
            if (!progress) {
                return;
            }
        }
    }

    private boolean stepLocked(ByteBuf in, List<Object> out, boolean last) {
        int end = in.readerIndex() + current.frameLength();
        switch (successorAt(in, end, last)) {
            case NEED_MORE:
                return false;
            case FRAME:
                emitFrame(in, out);
                current = FrameHeader.parse(in.getInt(in.readerIndex()));
                return true;
            case TAG:
            case END_OF_STREAM:
                emitFrame(in, out);
                unlock();
                return true;
            default:
                // Cut or corrupt: drop the header byte and scan the rest, a new stream or a tag may start inside.
                dropJunk(in, 1);
                unlock();
                lockLost = true;
                return true;
        }
    }

    private Successor successorAt(ByteBuf in, int end, boolean last) {
        int available = in.writerIndex() - end;
        if (available <= 0) {
            return !last ? Successor.NEED_MORE : available == 0 ? Successor.END_OF_STREAM : Successor.OTHER;
        }
        if (available >= HEADER_BYTES) {
            FrameHeader next = FrameHeader.parse(in.getInt(end));
            if (next != null && next.sameStreamAs(current)) {
                return Successor.FRAME;
            }
        }
        int tag = Tags.startsAt(in, end);
        if (tag == Tags.YES) {
            return Successor.TAG;
        }
        boolean maybeHeader = available < HEADER_BYTES && in.getByte(end) == SYNC_BYTE;
        if (!last && (tag == Tags.MAYBE || maybeHeader)) {
            return Successor.NEED_MORE;
        }
        return Successor.OTHER;
    }

    private void emitFrame(ByteBuf in, List<Object> out) {
        FrameHeader header = current;
        int length = header.frameLength();
        lastHeader = header;
        if (InfoFrames.isInfoFrame(in, in.readerIndex(), header)) {
            in.skipBytes(length);
            stats.infoFrameSkipped(length);
            return;
        }
        out.add(new Mp3Frame(header, in.readRetainedSlice(length), afterGap));
        afterGap = false;
        stats.frameEmitted(length);
    }

    private void unlock() {
        locked = false;
        current = null;
        afterGap = true;
    }

    /** Scans for a tag or a chain to lock on, dropping the bytes before it; false when more input is needed. */
    private boolean scan(ByteBuf in, boolean last) {
        int from = in.readerIndex();
        int to = in.writerIndex();
        for (int pos = from; pos < to; pos++) {
            byte b = in.getByte(pos);
            int verdict;
            if (b == SYNC_BYTE) {
                verdict = chainAt(in, pos, last, CHAIN_LENGTH);
            } else if (b == 'I' || b == 'T' || b == 'A') {
                verdict = tagAt(in, pos, last);
            } else {
                continue;
            }
            if (verdict != NO) {
                dropJunk(in, pos - from);
                return verdict == FOUND;
            }
        }
        dropJunk(in, to - from);
        return false;
    }

    private int chainAt(ByteBuf in, int start, boolean last, int length) {
        int pos = start;
        FrameHeader first = null;
        FrameHeader previous = null;
        for (int i = 0; i < length; i++) {
            if (in.writerIndex() - pos < HEADER_BYTES) {
                return last ? NO : NEED_MORE;
            }
            FrameHeader header = FrameHeader.parse(in.getInt(pos));
            if (header == null || previous != null && !header.sameStreamAs(previous)) {
                return NO;
            }
            if (first == null) {
                first = header;
            }
            previous = header;
            pos += header.frameLength();
        }
        locked = true;
        current = first;
        if (lockLost) {
            lockLost = false;
            stats.resynced();
        }
        return FOUND;
    }

    private int tagAt(ByteBuf in, int pos, boolean last) {
        long length = Tags.length(in, pos);
        if (length == Tags.NEED_MORE) {
            return last ? NO : NEED_MORE;
        }
        if (length == Tags.NONE) {
            return NO;
        }
        stats.tagSkipped();
        tagBytesToSkip = length;
        return FOUND;
    }

    /**
     * Drops the tag's bytes as they come, without buffering them, unless audio shows up inside: then the tag is taken
     * to have ended there. Only the bytes of a chain still being checked are kept, at most {@link #CHAIN_INSIDE_TAG}
     * frames.
     */
    private boolean skipTagBytes(ByteBuf in, boolean last) {
        int from = in.readerIndex();
        int end = (int) Math.min(in.writerIndex(), from + tagBytesToSkip);
        for (int pos = in.indexOf(from, end, SYNC_BYTE); pos >= 0; pos = in.indexOf(pos + 1, end, SYNC_BYTE)) {
            int verdict = chainAt(in, pos, last, CHAIN_INSIDE_TAG);
            if (verdict != NO) {
                skipTag(in, pos - from);
                if (verdict == FOUND) {
                    tagBytesToSkip = 0;
                    stats.tagCutShort();
                }
                return verdict == FOUND;
            }
        }
        skipTag(in, end - from);
        return true;
    }

    private void skipTag(ByteBuf in, int n) {
        dropJunk(in, n);
        stats.tagBytesSkipped(n);
        tagBytesToSkip -= n;
    }

    private void dropJunk(ByteBuf in, int n) {
        if (n > 0) {
            in.skipBytes(n);
            stats.dropped(n);
        }
    }
}
