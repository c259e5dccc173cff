package io.relaycast.mount;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import java.util.function.Supplier;

/**
 * Gathers whole frames into one buffer until they span the chunk duration, then hands the chunk out. Fewer, larger
 * chunks mean fewer writes and wake-ups per listener; the duration bounds the latency this adds.
 */
final class ChunkAssembler {

    /** The most a chunk's buffer starts with; a chunk with more grows its buffer. */
    private static final int MAX_INITIAL_CAPACITY = 65536;

    private final ByteBufAllocator allocator;
    private final long chunkNanos;
    /** The mount's title now, which a chunk keeps when it is sealed. */
    private final Supplier<IcyMetadata> title;
    private ByteBuf open;
    private int frames;
    private long durationNanos;
    private FrameHeader format;
    private long arrivalNanos;
    private long nextSequence;

    ChunkAssembler(ByteBufAllocator allocator, long chunkNanos, Supplier<IcyMetadata> title) {
        this.allocator = allocator;
        this.chunkNanos = chunkNanos;
        this.title = title;
    }

    boolean hasOpenChunk() {
        return open != null;
    }

    long openSequence() {
        return nextSequence;
    }

    /**
     * Adds a frame (copied; the caller keeps ownership). Returns a sealed chunk when the frame completed one, or when it
     * is in another format than the open chunk: that chunk is sealed without it, and the frame opens the next one. So
     * every chunk is in one format, and a new listener's burst can start where the format now playing began.
     */
    Chunk add(Mp3Frame frame) {
        if (open != null && !sameFormat(format, frame.header())) {
            Chunk before = seal();
            start(frame);
            append(frame); // sealed with the frame after it, even if it alone is as long as a chunk: one chunk per call
            return before;
        }
        if (open == null) {
            start(frame);
        }
        return append(frame) ? seal() : null;
    }

    /**
     * Whether frames in {@code next} can follow frames in {@code first} without a player re-initialising its decoder:
     * same MPEG version, layer, sample rate and channel count.
     */
    static boolean sameFormat(FrameHeader first, FrameHeader next) {
        return next.sameStreamAs(first) && next.channels() == first.channels();
    }

    private void start(Mp3Frame frame) {
        open = allocator.directBuffer(expectedBytes(frame));
        format = frame.header();
        arrivalNanos = System.nanoTime();
    }

    /** Appends {@code frame} to the open chunk; returns whether the chunk is now long enough to seal. */
    private boolean append(Mp3Frame frame) {
        ByteBuf content = frame.content();
        open.writeBytes(content, content.readerIndex(), content.readableBytes());
        frames++;
        durationNanos += frame.header().durationNanos();
        return durationNanos >= chunkNanos;
    }

    /**
     * Room for a chunk of frames like {@code first}, plus a padding byte each: the mount keeps its chunks for the whole
     * queue, so a buffer much larger than its audio (a 4 KiB buffer for one 418-byte frame) would hold ten times the
     * queue size in memory. A VBR chunk with larger frames grows its buffer.
     */
    private int expectedBytes(Mp3Frame first) {
        long frameNanos = Math.max(1, first.header().durationNanos());
        long frames = Math.max(1, (chunkNanos + frameNanos - 1) / frameNanos);
        return (int) Math.min(MAX_INITIAL_CAPACITY, frames * (first.content().readableBytes() + 1L));
    }

    /** Seals what is gathered so far, or returns null when nothing is. */
    Chunk seal() {
        if (open == null) {
            return null;
        }
        Chunk chunk = new Chunk(nextSequence++, open, frames, durationNanos, format, arrivalNanos, title.get());
        open = null;
        frames = 0;
        durationNanos = 0;
        format = null;
        return chunk;
    }

    void discard() {
        if (open != null) {
            open.release();
            open = null;
            frames = 0;
            durationNanos = 0;
            format = null;
        }
    }
}
