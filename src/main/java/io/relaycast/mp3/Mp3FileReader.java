package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the frames of an MP3 file through the same {@link FrameSync} as live sources, so a playlist gets exactly
 * the frames a source sending that file would get (tags and Xing/Info frames skipped).
 *
 * <p>The file is read in {@value #BLOCK_SIZE}-byte blocks, never whole. Frames are retained slices of the read
 * buffer: the caller releases each frame returned by {@link #next()}. Not thread-safe.
 */
public final class Mp3FileReader implements Closeable {

    private static final int BLOCK_SIZE = 64 * 1024;

    private final FileChannel channel;
    private final ByteBufAllocator allocator;
    private final FrameSync sync = new FrameSync();
    private final List<Object> ready = new ArrayList<>();
    private int nextReady;
    private ByteBuf buffer;
    private boolean endOfFile;

    /** Opens {@code file} for reading; buffers come from {@code allocator}. */
    public Mp3FileReader(Path file, ByteBufAllocator allocator) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.allocator = allocator;
        this.buffer = allocator.buffer(2 * BLOCK_SIZE);
    }

    /**
     * The next frame of the file, or null at its end. The caller owns the returned frame and must release it.
     */
    public Mp3Frame next() throws IOException {
        while (nextReady == ready.size()) {
            if (endOfFile || buffer == null) {
                return null;
            }
            ready.clear();
            nextReady = 0;
            readBlock();
        }
        Mp3Frame frame = (Mp3Frame) ready.get(nextReady);
        ready.set(nextReady++, null);
        return frame;
    }

    /** Counters of this file's synchroniser. */
    public SyncStats stats() {
        return sync.stats();
    }

    private void readBlock() throws IOException {
        ensureWritable();
        int read = buffer.writeBytes(channel, BLOCK_SIZE);
        if (read < 0) {
            endOfFile = true;
            sync.decodeLast(buffer, ready);
        } else {
            sync.decode(buffer, ready);
        }
    }

    /**
     * Makes room for one block. Frames still held elsewhere share the buffer's memory, so then it is not compacted
     * in place: the unread rest (less than a chain of frames) moves to a fresh buffer.
     */
    private void ensureWritable() {
        if (buffer.capacity() - buffer.writerIndex() >= BLOCK_SIZE) {
            return;
        }
        if (buffer.refCnt() == 1) {
            buffer.discardReadBytes();
            return;
        }
        ByteBuf fresh = allocator.buffer(Math.max(2 * BLOCK_SIZE, buffer.readableBytes() + BLOCK_SIZE));
        fresh.writeBytes(buffer);
        buffer.release();
        buffer = fresh;
    }

    /** Releases the frames not yet returned and the read buffer, and closes the file. */
    @Override
    public void close() throws IOException {
        for (int i = nextReady; i < ready.size(); i++) {
            ((Mp3Frame) ready.get(i)).release();
        }
        ready.clear();
        nextReady = 0;
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        channel.close();
    }
}
