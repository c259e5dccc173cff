package io.relaycast.source;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The source timeout of pushed sources and of relays' origin connections: after the timeout with nothing read, one last
 * look {@link #RECHECK} later, and the idle event goes on (the source is dropped) only if nothing was read meanwhile.
 *
 * <p>Icecast drops a source when a wait for its data comes back empty. Netty's idle timer can run before reads that
 * were waiting: when the server itself was paused (SIGSTOP then SIGCONT, a frozen container) for longer than the timeout,
 * epoll reports its interrupted wait as timed out and the event loop runs its due timers first, while all the audio the
 * source went on sending sits unread in the socket. Without the last look, a DJ whose encoder never paused was cut off.
 */
public final class SourceIdleHandler extends IdleStateHandler {

    static final Duration RECHECK = Duration.ofMillis(500);

    private long reads;

    public SourceIdleHandler(Duration timeout) {
        super(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        reads++;
        super.channelRead(ctx, msg);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        long readsBefore = reads;
        ctx.executor().schedule(() -> {
            if (reads == readsBefore && ctx.channel().isActive()) {
                ctx.fireUserEventTriggered(event);
            }
        }, RECHECK.toMillis(), TimeUnit.MILLISECONDS);
    }
}
