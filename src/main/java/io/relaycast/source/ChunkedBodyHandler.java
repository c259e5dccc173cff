package io.relaycast.source;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * For sources that send {@code Transfer-Encoding: chunked} (liquidsoap can, curl {@code -T -} does): passes the
 * de-chunked bytes on, and closes when the body ends, with the final answer a client that was told {@code 100 Continue}
 * still waits for.
 */
final class ChunkedBodyHandler extends ChannelInboundHandlerAdapter {

    private static final String FINAL_ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private final boolean continued;

    /** @param continued whether the source got only {@code 100 Continue} so far */
    ChunkedBodyHandler(boolean continued) {
        this.continued = continued;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent content) {
            boolean last = msg instanceof LastHttpContent;
            boolean wellFormed = content.decoderResult().isSuccess();
            if (content.content().isReadable()) {
                ctx.fireChannelRead(content.content().retain());
            }
            content.release();
            if (last) {
                end(ctx, wellFormed);
            }
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    /** {@code wellFormed}: the body ended with its last chunk, not on a chunk the decoder could not read. */
    private void end(ChannelHandlerContext ctx, boolean wellFormed) {
        if (!continued || !wellFormed) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Unpooled.copiedBuffer(FINAL_ANSWER, StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
