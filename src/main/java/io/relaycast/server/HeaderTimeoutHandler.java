package io.relaycast.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import io.relaycast.auth.TrustedProxies;
import io.relaycast.http.ClientAddress;
import io.relaycast.http.UnsentBytes;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request head is not complete within a fixed time from its start. Unlike an idle timeout,
 * a client trickling one byte at a time (slowloris) cannot keep it open. While armed, the connection counts against
 * its client's connections waiting for a request ({@link ConnectionGate}): the peer's address, or the client a trusted
 * proxy named for the connection; a trusted proxy's own connections do not count. A kept-alive connection between two
 * requests is idle, not late: it does not count (a browser keeps spare connections open, and a hundred status-page
 * viewers behind one NAT must not lock their address out), and after the same time without a byte it is closed
 * quietly, as any server closes its idle keep-alive connections. The clock for its next head starts at that head's
 * first byte.
 */
public final class HeaderTimeoutHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HeaderTimeoutHandler.class);
    /** A kept-alive connection is closed this many timeouts after its last answer at the latest, however it is read. */
    private static final int MAX_TIMEOUTS_SENDING = 8;

    private final Duration timeout;
    private final RequestStats stats;
    private final ConnectionGate gate;
    /** Proxies whose connections are not counted: those the gate let in without counting them. */
    private final TrustedProxies uncounted;
    private ScheduledFuture<?> deadline;
    /** The close of a kept-alive connection idle between two requests, or null when it is not idle. */
    private ScheduledFuture<?> idleClose;
    /** The address this connection counts against now, or null. */
    private SocketAddress counted;

    /**
     * Closes a connection whose request head is not complete within {@code timeout}, counting the closes in
     * {@code stats}; {@code gate} counts the connections waiting for their request by address.
     */
    public HeaderTimeoutHandler(Duration timeout, RequestStats stats, ConnectionGate gate) {
        this(timeout, stats, gate, TrustedProxies.NONE);
    }

    HeaderTimeoutHandler(Duration timeout, RequestStats stats, ConnectionGate gate, TrustedProxies uncounted) {
        this.timeout = timeout;
        this.stats = stats;
        this.gate = gate;
        this.uncounted = uncounted;
    }

    /**
     * The gate has counted {@code client}, named by a trusted proxy for the connection of {@code pipeline}, as waiting
     * for its request: it counts until the request head is in.
     */
    static void countedAgainst(ChannelPipeline pipeline, SocketAddress client, ConnectionGate gate) {
        HeaderTimeoutHandler handler = pipeline.get(HeaderTimeoutHandler.class);
        if (handler != null && handler.counted == null && handler.deadline != null) {
            handler.counted = client;
        } else {
            gate.requestEnded(client);
        }
    }

    /**
     * Waits, idle, for the next request on a kept-alive connection (the clock starts at its first byte); one whose input
     * has ended can send no next request, and closes once its answers are out.
     */
    public static void rearm(ChannelHandlerContext anyCtx) {
        HeaderTimeoutHandler handler = anyCtx.pipeline().get(HeaderTimeoutHandler.class);
        if (handler != null && !closedForEndedInput(anyCtx)) {
            handler.awaitNextRequest(anyCtx.pipeline().context(handler));
        }
    }

    /**
     * A whole request waits for its client to take the answers before it: its head's clock stops (no {@code 408} for a
     * head that is in), and the connection is closed once its client takes nothing of those answers for the timeout.
     */
    static void awaitRoom(ChannelHandlerContext anyCtx) {
        HeaderTimeoutHandler handler = anyCtx.pipeline().get(HeaderTimeoutHandler.class);
        if (handler != null) {
            handler.awaitNextRequest(anyCtx.pipeline().context(handler));
        }
    }

    /**
     * Starts the clock for the rest of a request already begun (a body still to come, after it waited behind an answer
     * computed off the loop; a SHOUTcast login's headers, after its backend let it in); one whose input has ended
     * cannot complete, and closes once its answers are out.
     */
    public static void awaitRestOfRequest(ChannelHandlerContext anyCtx) {
        HeaderTimeoutHandler handler = anyCtx.pipeline().get(HeaderTimeoutHandler.class);
        if (handler != null && !closedForEndedInput(anyCtx)) {
            handler.arm(anyCtx.pipeline().context(handler));
        }
    }

    /** Closes the connection once its answers are out if its input has ended; whether it did. */
    private static boolean closedForEndedInput(ChannelHandlerContext anyCtx) {
        if (!InputEndHandler.inputEnded(anyCtx.channel())) {
            return false;
        }
        InputEndHandler.closeAfterWrites(anyCtx.channel());
        return true;
    }

    /** Whether a request is in and still being answered: the clock is stopped, and the connection not yet idle. */
    static boolean isAnswering(ChannelPipeline pipeline) {
        HeaderTimeoutHandler handler = pipeline.get(HeaderTimeoutHandler.class);
        return handler != null && handler.deadline == null && handler.idleClose == null;
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
        // The gate counted the connection as waiting for its request when it let it in, unless it came from a proxy.
        counted = countsAgainst(ctx.channel());
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (idleClose != null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            arm(ctx);
        }
        ctx.fireChannelRead(msg);
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

    private void awaitNextRequest(ChannelHandlerContext ctx) {
        cancel();
        closeWhenIdle(ctx, Output.of(ctx.channel()), System.nanoTime() + MAX_TIMEOUTS_SENDING * timeout.toNanos());
    }

    /**
     * Closes the connection after the timeout, unless its last answer, queued when the clock started, is still going out
     * to a client that reads it: closing would throw away what is not sent yet (a long client list, the metrics of many
     * mounts; {@link io.relaycast.http.Responses#send} has the kernel keep little of a big answer, so that its progress
     * shows here). The clock starts again then, so the connection is closed once it has been idle, all sent, for at least the
     * timeout, or once its client has taken less than {@link UnsentBytes#LIMIT} of an answer in the timeout, and at the
     * latest {@link #MAX_TIMEOUTS_SENDING} timeouts after the answer: a client trickling through a big answer does not
     * hold it in memory for long.
     */
    private void closeWhenIdle(ChannelHandlerContext ctx, Output before, long latestNanos) {
        idleClose = ctx.executor().schedule(() -> {
            Output now = Output.of(ctx.channel());
            if (now.progressedSince(before) && System.nanoTime() - latestNanos < 0) {
                closeWhenIdle(ctx, now, latestNanos);
                return;
            }
            log.debug("{}: kept alive {} s without a next request or taking its answers; closing", ctx.channel().remoteAddress(),
                    timeout.toSeconds());
            ctx.close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void arm(ChannelHandlerContext ctx) {
        stopClock();
        if (counted == null) {
            counted = countsAgainst(ctx.channel());
            if (counted != null) {
                gate.requestAwaited(counted);
            }
        }
        deadline = ctx.executor().schedule(() -> {
            log.info("{}: request head not complete within {} s; closing", ctx.channel().remoteAddress(), timeout.toSeconds());
            stats.rejected(408);
            ctx.close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The address {@code channel}'s wait for a request counts against, or null for none. */
    private SocketAddress countsAgainst(Channel channel) {
        SocketAddress client = ClientAddress.ofConnection(channel);
        return uncounted.trusts(client) ? null : client;
    }

    private void cancel() {
        stopClock();
        if (counted != null) {
            gate.requestEnded(counted);
            counted = null;
        }
    }

    private void stopClock() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
    }

    /**
     * What a connection has still to send, as far as it can be told apart: Netty counts a message's bytes as pending
     * until all of it is written, so the progress within the message being written counts too.
     */
    private record Output(long progress, long pending) {

        static Output of(Channel channel) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            if (buffer == null) {
                return new Output(0, 0);
            }
            return new Output(buffer.currentProgress(), buffer.totalPendingWriteBytes());
        }

        /**
         * Whether what was to be sent at {@code before} has gone out since, {@link UnsentBytes#LIMIT} of it at least (or
         * all of it, if less): a reader making progress, not one taking a trickle.
         */
        boolean progressedSince(Output before) {
            long sent = before.unsent() - unsent();
            return before.pending > 0 && sent > 0 && sent >= Math.min(UnsentBytes.LIMIT, before.unsent());
        }

        /** What is still to be sent: the messages pending, less what went out of the one being written. */
        private long unsent() {
            return pending - progress;
        }
    }
}
