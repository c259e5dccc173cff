package io.relaycast.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import java.util.List;

/**
 * Hands an aggregated request to the endpoint that answers its path. The router sends only requests some endpoint
 * matches, so a miss here means a method the endpoint does not take.
 */
final class EndpointDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final List<HttpEndpoint> endpoints;
    private final RequestStats stats;

    EndpointDispatcher(List<HttpEndpoint> endpoints, RequestStats stats) {
        this.endpoints = endpoints;
        this.stats = stats;
    }

    static HttpEndpoint find(List<HttpEndpoint> endpoints, HttpMethod method, String path) {
        for (HttpEndpoint endpoint : endpoints) {
            if (endpoint.matches(method, path)) {
                return endpoint;
            }
        }
        return null;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
        RequestPath path = RequestPath.of(request);
        HttpEndpoint endpoint = path == null ? null : find(endpoints, request.method(), path.path());
        if (endpoint == null) {
            stats.rejected(404);
            Responses.sendAndClose(ctx, Responses.text(HttpResponseStatus.NOT_FOUND, "Not found"));
            return;
        }
        endpoint.handle(ctx, request, path);
        HeaderTimeoutHandler.rearm(ctx);
    }
}
