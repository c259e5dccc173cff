package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the frames of an MP3 file through the same {@link FrameSync} as live sources, so a playlist gets exactly
 * the frames a source sending that file would get (tags and Xing/Info frames skipped); or of any byte stream
 * ({@link #of(InputStream, ByteBufAllocator)}: an encoder's output).
 *
 * <p>The file is read in {@value #BLOCK_SIZE}-byte blocks, never whole; a stream as its bytes come. One with no frame
 * in its first {@value #FIRST_FRAME_LIMIT} bytes past its tags has none. Frames are retained
 * slices of the read buffer: the caller releases each frame returned by {@link #next()}. Not thread-safe.
 */
public final class Mp3FileReader implements Closeable {

    private static final int BLOCK_SIZE = 64 * 1024;
    /**
     * Bytes read past the tags without a frame before the file is taken as no MP3: a video or archive named
     * {@code .mp3} is given up after this, not read to its end on the thread that feeds every playlist.
     */
    static final long FIRST_FRAME_LIMIT = 1 << 20;

    /** Where the bytes come from: reads up to a block into the buffer, giving the bytes read or -1 at the end. */
    private interface Reading {
        int readInto(ByteBuf buffer, int length) throws IOException;
    }

    private final Reading reading;
    private final Closeable input;
    private final ByteBufAllocator allocator;
    private final FrameSync sync = new FrameSync();
    private final List<Object> ready = new ArrayList<>();
    private int nextReady;
    private ByteBuf buffer;
    private boolean endOfFile;
    private long bytesRead;
    private boolean framesFound;

    /** Opens {@code file} for reading; buffers come from {@code allocator}. */
    public Mp3FileReader(Path file, ByteBufAllocator allocator) throws IOException {
        this(FileChannel.open(file, StandardOpenOption.READ), allocator);
    }

    private Mp3FileReader(FileChannel channel, ByteBufAllocator allocator) {
        this((buffer, length) -> buffer.writeBytes(channel, length), channel, allocator);
    }

    private Mp3FileReader(Reading reading, Closeable input, ByteBufAllocator allocator) {
        this.reading = reading;
        this.input = input;
        this.allocator = allocator;
        this.buffer = allocator.buffer(2 * BLOCK_SIZE);
    }

    /**
     * Reads the frames of {@code stream} as they come: {@link #next()} blocks until a frame is known whole (the next
     * header arrived, or the end). Closing the reader closes the stream.
     */
    public static Mp3FileReader of(InputStream stream, ByteBufAllocator allocator) {
        return new Mp3FileReader((buffer, length) -> buffer.writeBytes(stream, length), stream, allocator);
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
        int read = reading.readInto(buffer, BLOCK_SIZE);
        if (read < 0) {
            endOfFile = true;
            sync.decodeLast(buffer, ready);
        } else {
            bytesRead += read;
            sync.decode(buffer, ready);
            framesFound |= !ready.isEmpty();
            endOfFile = !framesFound && bytesRead - sync.stats().tagBytes() > FIRST_FRAME_LIMIT;
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

    /** Releases the frames not yet returned and the read buffer, and closes the file or stream. */
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
        input.close();
    }
}
