package io.relaycast.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.relaycast.http.RequestPath;

/**
 * A small request/response resource (admin command, status, metrics, web page). Mount streams and sources are not
 * endpoints: they are routed before aggregation because they never end.
 */
public interface HttpEndpoint {

    /** Whether this endpoint answers {@code method} on {@code path}. */
    boolean matches(HttpMethod method, String path);

    /**
     * Answers the request, typically with {@link io.relaycast.http.Responses#send}. Runs on the channel's event loop;
     * the request is released by the caller afterwards.
     */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) throws Exception;
}
