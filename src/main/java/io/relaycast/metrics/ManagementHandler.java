package io.relaycast.metrics;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.server.HeaderTimeoutHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers the management port's requests: {@code GET /metrics}, a 404 for anything else, a 400 for garbage. */
final class ManagementHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(ManagementHandler.class);

    private final MetricsEndpoint metrics;

    ManagementHandler(MetricsEndpoint metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
        HeaderTimeoutHandler.disarm(ctx);
        RequestPath path = request.decoderResult().isSuccess() ? RequestPath.parse(request.uri()) : null;
        if (path == null) {
            Responses.sendAndClose(ctx, Responses.text(HttpResponseStatus.BAD_REQUEST, "Bad request"));
            return;
        }
        if (!metrics.matches(request.method(), path.path())) {
            Responses.send(ctx, request, Responses.text(HttpResponseStatus.NOT_FOUND, "Only " + MetricsEndpoint.PATH + " here"));
        } else {
            // This port's event loop carries no audio: the scrape runs on it.
            metrics.handle(ctx, request, path);
        }
        HeaderTimeoutHandler.rearm(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("{}: closing management connection after unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
