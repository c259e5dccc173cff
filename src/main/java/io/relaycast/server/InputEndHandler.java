package io.relaycast.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the end of a client's input means. Connections may half-close ({@link ChannelOption#ALLOW_HALF_CLOSURE}) so that
 * a listener that shut down its sending side after its request ({@code nc -N}, {@code shutdown(SHUT_WR)}) keeps getting
 * audio, as from Icecast; its {@link io.relaycast.listener.ListenerHandler} keeps the event from coming here. For every
 * other connection the input's end is its end, as Netty has it by default: a request head that can no longer complete,
 * a source that has finished. The exception is a request that is in and whose answer is still being worked out: the
 * answer is sent, and then, since no next request can come, the connection closes (see
 * {@link HeaderTimeoutHandler#rearm}). Closing waits for what is already queued, so no answer is cut short.
 */
@Sharable
public final class InputEndHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(InputEndHandler.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent && !HeaderTimeoutHandler.isAnswering(ctx.pipeline())) {
            log.debug("{}: input ended; closing", ctx.channel().remoteAddress());
            closeAfterWrites(ctx.channel());
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Whether the client has shut down its sending side (or closed), and nothing more can be read. */
    public static boolean inputEnded(Channel channel) {
        return channel instanceof DuplexChannel duplex && duplex.isInputShutdown();
    }

    /** Closes {@code channel} once everything written to it so far is out (or has failed). */
    public static void closeAfterWrites(Channel channel) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
