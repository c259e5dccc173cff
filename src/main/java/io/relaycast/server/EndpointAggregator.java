package io.relaycast.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.relaycast.source.LingeringClose;

/**
 * Gathers an endpoint request's body, up to a small limit. Netty's aggregator answers a body over it with a 413 itself
 * and may keep the connection open, with the request's clock still running; this one counts the refusal, as every
 * other refusal is counted, stops the clock and closes the connection after the answer, reading what the client still
 * uploads meanwhile so that it reads the answer.
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
        // The client may still be sending the body: read and dropped, so that it reads the 413, not a reset.
        LingeringClose.answer(ctx, tooLarge);
    }

    /** Counts the 413 Netty answers itself to a request that announced a body too large and waits to send it. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof HttpResponse response
                && response.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            HeaderTimeoutHandler.disarm(pipeline.context(this));
            stats.rejected(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code());
        }
        return answer;
    }
}
