package io.relaycast.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Gathers an endpoint request's body, up to a small limit. Netty's aggregator answers a body over it with a 413 itself
 * and may keep the connection open, with the request's clock still running; this one counts the refusal, as every
 * other refusal is counted, stops the clock and closes the connection after the answer.
 */
final class EndpointAggregator extends HttpObjectAggregator {

    private final RequestStats stats;

    EndpointAggregator(int maxBody, RequestStats stats) {
        super(maxBody, true);
        this.stats = stats;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HeaderTimeoutHandler.disarm(ctx);
        stats.rejected(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code());
        DefaultFullHttpResponse tooLarge = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        tooLarge.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        tooLarge.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(tooLarge).addListener(ChannelFutureListener.CLOSE);
    }
}
