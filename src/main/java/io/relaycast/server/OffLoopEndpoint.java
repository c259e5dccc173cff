package io.relaycast.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;

/**
 * An endpoint whose answer takes long enough to delay audio if it were computed on an event loop (a metrics scrape:
 * 17-79 ms measured with 12,000 listeners on the loop), and that can be computed on any thread. The dispatcher computes
 * it on a thread of its own and writes it from the connection's event loop; the connection's later requests wait for
 * it, so the answers keep the requests' order.
 */
public interface OffLoopEndpoint extends HttpEndpoint {

    /** The answer to {@code request} (its head only, no body); runs on a thread that is not an event loop. */
    FullHttpResponse answer(HttpRequest request, RequestPath path) throws Exception;

    /** Answers on the calling thread: for a port with an event loop of its own, where no audio waits. */
    @Override
    default void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) throws Exception {
        Responses.send(ctx, request, answer(request, path));
    }
}
