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
     * Whether {@code method} reads what a read-only endpoint serves: GET, or HEAD, which gets GET's head without the body
     * ({@link io.relaycast.http.Responses#send} leaves it out). Endpoints that act (admin commands) take GET alone.
     */
    static boolean reads(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
    }

    /**
     * Answers the request, typically with {@link io.relaycast.http.Responses#send}. Runs on the channel's event loop;
     * the request is released by the caller afterwards.
     */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) throws Exception;
}
