package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Source-side pipeline stage: raw bytes in, whole {@link Mp3Frame}s out, so that nothing after it ever sees junk,
 * tags or cut frames. A thin adapter over {@link FrameSync}; one instance per source connection.
 */
public final class Mp3FrameDecoder extends ByteToMessageDecoder {

    private final FrameSync sync = new FrameSync();

    /** Counters of this connection's synchroniser, readable from any thread. */
    public SyncStats stats() {
        return sync.stats();
    }

    /** Header of the last frame passed on, null before the first. */
    public FrameHeader lastHeader() {
        return sync.lastHeader();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        sync.decode(in, out);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        sync.decodeLast(in, out);
    }
}
