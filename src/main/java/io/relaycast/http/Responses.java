package io.relaycast.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.relaycast.Version;
import java.nio.charset.StandardCharsets;

/** Builds and sends the server's small, complete responses (errors, admin replies). */
public final class Responses {

    public static final String SERVER = "relaycast/" + Version.get();
    public static final String ALLOW = "GET, HEAD, PUT, SOURCE, OPTIONS";

    private Responses() {
    }

    public static FullHttpResponse text(HttpResponseStatus status, String body) {
        return full(status, body + "\n", "text/plain; charset=utf-8");
    }

    public static FullHttpResponse full(HttpResponseStatus status, String body, String contentType) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        return full(status, content, contentType);
    }

    public static FullHttpResponse full(HttpResponseStatus status, ByteBuf content, String contentType) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.SERVER, SERVER);
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store");
        Cors.allow(headers);
        return response;
    }

    /** Sends {@code response} and closes the connection after it. */
    public static void sendAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Sends {@code response} to {@code request} and closes the connection after it; a HEAD request gets no body. */
    public static void sendAndClose(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        sendAndClose(ctx, answering(request, response));
    }

    /**
     * Sends {@code response}, keeping the connection open when the request allows it. A HEAD request gets the head alone,
     * its {@code Content-Length} that of the body a GET would get. A client that hung up meanwhile (an answer computed
     * off the loop) gets nothing: the answer is released.
     */
    public static void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        FullHttpResponse answer = answering(request, response);
        if (!HttpUtil.isKeepAlive(request)) {
            sendAndClose(ctx, answer);
            return;
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        if (answer.content().readableBytes() > UnsentBytes.LIMIT) {
            // The connection is closed once idle: its reader's progress through a big answer must show before then.
            UnsentBytes.keepLittle(ctx.channel());
        }
        ctx.writeAndFlush(answer);
    }

    /** {@code response} as the answer to {@code request}: for HEAD, the same head with the body left out (and released). */
    private static FullHttpResponse answering(HttpRequest request, FullHttpResponse response) {
        if (!request.method().equals(HttpMethod.HEAD)) {
            return response;
        }
        FullHttpResponse head = response.replace(Unpooled.EMPTY_BUFFER);
        response.release();
        return head;
    }

    /** A 401 asking for Basic credentials. */
    public static FullHttpResponse unauthorized(String realm, String reason) {
        FullHttpResponse response = text(HttpResponseStatus.UNAUTHORIZED, reason);
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\"");
        response.headers().set(HttpHeaderNames.ALLOW, ALLOW);
        return response;
    }
}
