package io.relaycast.source;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/** For sources that send {@code Transfer-Encoding: chunked} (liquidsoap can): passes the de-chunked bytes on. */
final class ChunkedBodyHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent content) {
            boolean last = msg instanceof LastHttpContent;
            if (content.content().isReadable()) {
                ctx.fireChannelRead(content.content().retain());
            }
            content.release();
            if (last) {
                ctx.close();
            }
            return;
        }
        ReferenceCountUtil.release(msg);
    }
}
