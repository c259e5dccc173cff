package io.relaycast.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Cors;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;

/** {@code OPTIONS}: the methods we take (libshout reads {@code Allow} to pick PUT) and CORS preflight answers. */
final class OptionsEndpoint implements HttpEndpoint {

    @Override
    public boolean matches(HttpMethod method, String path) {
        return method.equals(HttpMethod.OPTIONS);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) {
        FullHttpResponse response = Responses.full(HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, "text/plain");
        response.headers().set(HttpHeaderNames.ALLOW, Responses.ALLOW);
        Cors.preflight(response.headers());
        Responses.send(ctx, request, response);
    }
}
