package io.relaycast.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A web root file's bytes, a piece at a time, that fails when the file ends before them. Netty's {@link ChunkedNioFile}
 * answers a file cut short under it (an operator copying a new show over the one being downloaded, which truncates it in
 * place) with empty pieces and never reports its end, and {@code ChunkedWriteHandler} writes those for ever: the event
 * loop spins and every connection on it, listeners included, goes silent. Failing the read instead closes only this
 * connection, whose client has had a {@code Content-Length} it can no longer get.
 */
final class FileChunks implements ChunkedInput<ByteBuf> {

    private final ChunkedNioFile file;
    private final String name;

    /** {@code count} bytes of {@code channel} from {@code start}, {@code piece} bytes at a time; {@code name} for errors. */
    FileChunks(FileChannel channel, long start, long count, int piece, String name) throws IOException {
        this.file = new ChunkedNioFile(channel, start, count, piece);
        this.name = name;
    }

    @Override
    public boolean isEndOfInput() throws Exception {
        return file.isEndOfInput();
    }

    @Override
    public void close() throws Exception {
        file.close();
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        ByteBuf piece = file.readChunk(allocator);
        if (piece != null && !piece.isReadable() && !file.isEndOfInput()) {
            piece.release();
            throw new EOFException("web root file " + name + " was cut short while being sent: it ends at byte "
                    + file.currentOffset() + ", the response promised up to byte " + file.endOffset());
        }
        return piece;
    }

    @Override
    public long length() {
        return file.length();
    }

    @Override
    public long progress() {
        return file.progress();
    }
}
