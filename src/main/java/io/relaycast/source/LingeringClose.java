package io.relaycast.source;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.relaycast.server.InputEndHandler;
import io.relaycast.server.PipelineNames;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Refuses a source (or a client uploading a body too large) so that it can read why. A source that is refused may already
 * be sending audio; closing a socket with data still unread in it makes the kernel reset the connection, and the encoder
 * then reports "connection reset" instead of the answer (wrong password, mount in use, not MP3). So the answer goes
 * first, then this side's end of the connection (a FIN after the answer), and what the source still sends is read and
 * dropped until it closes, for at most {@link #LINGER} (Apache httpd's "lingering close").
 */
public final class LingeringClose {

    /** How long a refused source may take to read its answer and close, while what it still sends is read and dropped. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private LingeringClose() {
    }

    /** Writes {@code answer} on {@code ctx}, then ends the connection as above. */
    public static void answer(ChannelHandlerContext ctx, Object answer) {
        ChannelPipeline pipeline = ctx.pipeline();
        if (pipeline.get(PipelineNames.DISCARD) == null) {
            Discard discard = new Discard();
            if (pipeline.get(PipelineNames.TLS) != null) {
                pipeline.addAfter(PipelineNames.TLS, PipelineNames.DISCARD, discard);
            } else {
                pipeline.addFirst(PipelineNames.DISCARD, discard);
            }
        }
        if (pipeline.get(PipelineNames.HTTP_DECODER) != null) {
            // Audio after a head without a length would be read as a next request, and answered.
            pipeline.remove(PipelineNames.HTTP_DECODER);
        }
        ctx.writeAndFlush(answer).addListener(written -> {
            if (ctx.channel() instanceof DuplexChannel duplex && ctx.channel().isActive()) {
                duplex.shutdownOutput();
            } else {
                ctx.close();
            }
        });
        ctx.channel().config().setAutoRead(true);
        ctx.executor().schedule(() -> ctx.close(), LINGER.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Drops whatever the refused source still sends; the source's own end of the connection then closes it. */
    private static final class Discard extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // Nothing was passed on.
        }

        /** The source has closed its end: the connection ends once the answer is out. */
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                InputEndHandler.closeAfterWrites(ctx.channel());
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
