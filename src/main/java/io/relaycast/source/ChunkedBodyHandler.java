package io.relaycast.source;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * For sources that send {@code Transfer-Encoding: chunked} (liquidsoap can, curl {@code -T -} does): passes the
 * de-chunked bytes on, and ends the source when the body ends.
 */
final class ChunkedBodyHandler extends ChannelInboundHandlerAdapter {

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
                // A body cut by a chunk the decoder could not read did not end well: no final answer for it.
                BodyEnd.finish(ctx, continued && wellFormed);
            }
            return;
        }
        ReferenceCountUtil.release(msg);
    }
}
