package io.relaycast.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a listening port, before a new connection is handed to its event loop: counts it as open, or, when the open-files
 * limit leaves no room for it, closes it at once without an answer. The {@link ConnectionGate} answers 503 to those
 * over the connection limits; a burst of them can arrive faster than the event loops answer, and this keeps such a
 * burst from taking the files playlists and logs need.
 */
@Sharable
final class AcceptGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AcceptGuard.class);

    private final RequestStats stats;
    private final ConnectionGate gate;
    private final PeriodicWarning closes = new PeriodicWarning(Duration.ofSeconds(10));

    AcceptGuard(RequestStats stats, ConnectionGate gate) {
        this.stats = stats;
        this.gate = gate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (stats.openConnections() >= gate.fileLimitedConnections()) {
            // Not registered with an event loop yet: this is how Netty's own acceptor drops a connection.
            child.unsafe().closeForcibly();
            stats.rejected(0);
            warn(child);
            return;
        }
        stats.connectionAccepted(child);
        ctx.fireChannelRead(msg);
    }

    private void warn(Channel child) {
        long closed = closes.occurred();
        if (closed > 0) {
            log.warn("connection from {} closed unanswered: {} connections open, all the open-files limit leaves room "
                    + "for (closed so in the last {} s: {})", child.remoteAddress(), stats.openConnections(),
                    closes.periodSeconds(), closed);
        }
    }
}
