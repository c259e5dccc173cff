package io.relaycast.mount;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;

/**
 * Gathers whole frames into one buffer until they span the chunk duration, then hands the chunk out. Fewer, larger
 * chunks mean fewer writes and wake-ups per listener; the duration bounds the latency this adds.
 */
final class ChunkAssembler {

    private static final int INITIAL_CAPACITY = 4096;

    private final ByteBufAllocator allocator;
    private final long chunkNanos;
    private ByteBuf open;
    private int frames;
    private long durationNanos;
    private FrameHeader format;
    private long arrivalNanos;
    private long nextSequence;

    ChunkAssembler(ByteBufAllocator allocator, long chunkNanos) {
        this.allocator = allocator;
        this.chunkNanos = chunkNanos;
    }

    boolean hasOpenChunk() {
        return open != null;
    }

    long openSequence() {
        return nextSequence;
    }

    /** Adds a frame (copied; the caller keeps ownership). Returns a sealed chunk when the frame completed one. */
    Chunk add(Mp3Frame frame) {
        if (open == null) {
            open = allocator.directBuffer(INITIAL_CAPACITY);
            format = frame.header();
            arrivalNanos = System.nanoTime();
        }
        ByteBuf content = frame.content();
        open.writeBytes(content, content.readerIndex(), content.readableBytes());
        frames++;
        durationNanos += frame.header().durationNanos();
        return durationNanos >= chunkNanos ? seal() : null;
    }

    /** Seals what is gathered so far, or returns null when nothing is. */
    Chunk seal() {
        if (open == null) {
            return null;
        }
        Chunk chunk = new Chunk(nextSequence++, open, frames, durationNanos, format, arrivalNanos);
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
