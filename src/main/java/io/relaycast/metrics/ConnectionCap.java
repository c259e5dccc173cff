package io.relaycast.metrics;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Responses;
import io.relaycast.server.PeriodicWarning;
import io.relaycast.server.RequestStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most a fixed number of management connections open at once; one beyond is told 503 and closed. The management
 * port shares the process's open files with the audio ports and a scraper needs one or two connections: without a cap,
 * idle connections from anyone who reaches the port could take every file the listeners need.
 */
@Sharable
final class ConnectionCap extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionCap.class);

    private final int max;
    private final RequestStats stats;
    private final AtomicInteger open = new AtomicInteger();
    private final PeriodicWarning refusals = new PeriodicWarning(Duration.ofSeconds(10));

    ConnectionCap(int max, RequestStats stats) {
        this.max = max;
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() <= max) {
            ctx.fireChannelActive();
            return;
        }
        ctx.channel().config().setAutoRead(false);
        stats.rejected(503);
        long refused = refusals.occurred();
        if (refused > 0) {
            log.warn("management connection from {} refused: {} open (refusals in the last {} s: {})",
                    ctx.channel().remoteAddress(), max, refusals.periodSeconds(), refused);
        }
        Responses.sendAndClose(ctx, Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                "Busy: " + max + " management connections open"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }
}
