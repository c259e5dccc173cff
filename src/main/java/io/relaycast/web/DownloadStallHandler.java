package io.relaycast.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a web root download whose reader has taken nothing for the timeout, and only that one. A timer per write
 * (Netty's {@code WriteTimeoutHandler}) also counts the pieces queued ahead of it, so a player that reads a file in
 * real time, slower than a piece queue per timeout, was cut though it never stopped. This counts any progress of the
 * writes instead. On Linux the kernel is told to keep little of the file unsent ({@link io.relaycast.http.UnsentBytes}),
 * so the server hears of the reader's progress as it reads, not once a send buffer of megabytes has drained. It also
 * counts the file's bytes that went out, for the access log's line.
 */
final class DownloadStallHandler extends IdleStateHandler {

    private static final Logger log = LoggerFactory.getLogger(DownloadStallHandler.class);
    private long sentBytes;

    DownloadStallHandler(Duration timeout) {
        super(true, 0, timeout.toMillis(), 0, TimeUnit.MILLISECONDS);
    }

    /** The bytes of the file (not of the head) written to the socket so far. */
    long sentBytes() {
        return sentBytes;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        ChannelPromise counted = promise.unvoid();
        if (msg instanceof ByteBuf piece) {
            int bytes = piece.readableBytes();
            counted.addListener(written -> {
                if (written.isSuccess()) {
                    sentBytes += bytes;
                }
            });
        }
        super.write(ctx, msg, counted);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        log.debug("{}: closing: the web root file's reader took nothing for the timeout", ctx.channel().remoteAddress());
        ctx.close();
    }
}
