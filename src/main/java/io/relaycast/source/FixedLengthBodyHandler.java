package io.relaycast.source;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * For sources that say how long their body is ({@code curl -T show.mp3} sends {@code Content-Length}): passes that many
 * bytes on and then ends the source at once, instead of holding the mount in silence until the source timeout while
 * the client waits for an answer. Live encoders send no length.
 */
final class FixedLengthBodyHandler extends ChannelInboundHandlerAdapter {

    private final boolean continued;
    private long remaining;

    /**
     * @param length    the body's {@code Content-Length}, more than zero
     * @param continued whether the source got only {@code 100 Continue} so far
     */
    FixedLengthBodyHandler(long length, boolean continued) {
        this.remaining = length;
        this.continued = continued;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (remaining == 0) {
            bytes.release();
            return;
        }
        if (bytes.readableBytes() <= remaining) {
            remaining -= bytes.readableBytes();
            ctx.fireChannelRead(bytes);
        } else {
            ByteBuf body = bytes.readRetainedSlice((int) remaining);
            bytes.release();
            remaining = 0;
            ctx.fireChannelRead(body);
        }
        if (remaining == 0) {
            BodyEnd.finish(ctx, continued);
        }
    }
}
