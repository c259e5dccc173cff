package io.relaycast.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;

/**
 * An endpoint whose answer can take long enough to delay audio if it were computed on an event loop, and that can be
 * computed on any thread: a metrics scrape (17-79 ms measured with 12,000 listeners on the loop), a listener list
 * (200-270 ms for 12,000 listeners). The dispatcher computes it on a thread of its own and writes it from the
 * connection's event loop; the connection's later requests wait for it, so the answers keep the requests' order.
 */
public interface OffLoopEndpoint extends HttpEndpoint {

    /** Whether this request is answered off the loop; the others are answered on it by {@link #handle}. */
    default boolean answersOffLoop(HttpRequest request, RequestPath path) {
        return true;
    }

    /**
     * The answer to {@code request} (its head only, no body) that came on {@code channel}; off the loop, it runs on a
     * thread that is not an event loop.
     */
    FullHttpResponse answer(Channel channel, HttpRequest request, RequestPath path) throws Exception;

    /** Answers on the connection's event loop: for the requests answered there, and a port whose loop carries no audio. */
    @Override
    default void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) throws Exception {
        Responses.send(ctx, request, answer(ctx.channel(), request, path));
    }
}
