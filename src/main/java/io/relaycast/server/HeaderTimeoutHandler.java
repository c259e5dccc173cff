package io.relaycast.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request head is not complete within a fixed time from its start. Unlike an idle timeout,
 * a client trickling one byte at a time (slowloris) cannot keep it open. Re-armed for each keep-alive request.
 */
public final class HeaderTimeoutHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HeaderTimeoutHandler.class);

    private final Duration timeout;
    private final RequestStats stats;
    private ScheduledFuture<?> deadline;

    HeaderTimeoutHandler(Duration timeout, RequestStats stats) {
        this.timeout = timeout;
        this.stats = stats;
    }

    /** Starts the clock again for the next request on a kept-alive connection. */
    public static void rearm(ChannelHandlerContext anyCtx) {
        HeaderTimeoutHandler handler = anyCtx.pipeline().get(HeaderTimeoutHandler.class);
        if (handler != null) {
            handler.arm(anyCtx.pipeline().context(handler));
        }
    }

    /** The head has arrived: stop the clock. */
    public static void disarm(ChannelHandlerContext anyCtx) {
        HeaderTimeoutHandler handler = anyCtx.pipeline().get(HeaderTimeoutHandler.class);
        if (handler != null) {
            handler.cancel();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        cancel();
        deadline = ctx.executor().schedule(() -> {
            log.info("{}: request head not complete within {} s; closing", ctx.channel().remoteAddress(), timeout.toSeconds());
            stats.rejected(408);
            ctx.close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
