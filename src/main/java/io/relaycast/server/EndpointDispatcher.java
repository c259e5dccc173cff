package io.relaycast.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands an aggregated request to the endpoint that answers its path. The router sends only requests some endpoint
 * matches, so a miss here means a method the endpoint does not take. An {@link OffLoopEndpoint} is answered on the
 * {@code offLoop} executor (503 when it is full; not at all if the client has gone by its turn); until its answer is
 * written, the connection reads nothing more and what it already sent waits, in order, in the {@link RequestRouter}:
 * whatever answers it, it must be answered after this.
 */
final class EndpointDispatcher extends ChannelInboundHandlerAdapter {

    private final List<HttpEndpoint> endpoints;
    private final RequestStats stats;
    private final Executor offLoop;
    private boolean answeringOffLoop;

    EndpointDispatcher(List<HttpEndpoint> endpoints, RequestStats stats, Executor offLoop) {
        this.endpoints = endpoints;
        this.stats = stats;
        this.offLoop = offLoop;
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            dispatch(ctx, request);
        } finally {
            request.release();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
        HeaderTimeoutHandler.disarm(ctx);
        RequestPath path = RequestPath.of(request);
        HttpEndpoint endpoint = path == null ? null : find(endpoints, request.method(), path.path());
        if (endpoint == null) {
            stats.rejected(404);
            Responses.sendAndClose(ctx, Responses.text(HttpResponseStatus.NOT_FOUND, "Not found"));
            return;
        }
        if (endpoint instanceof OffLoopEndpoint slow && slow.answersOffLoop(request, path)) {
            // The clock for the next request's head starts once this answer is written, not while it is computed.
            answerOffLoop(ctx, slow, request, path);
            return;
        }
        endpoint.handle(ctx, request, path);
        if (!RequestRouter.hasHeld(ctx.pipeline())) {
            HeaderTimeoutHandler.rearm(ctx);
        }
    }

    private void answerOffLoop(ChannelHandlerContext ctx, OffLoopEndpoint endpoint, FullHttpRequest request,
                               RequestPath path) {
        HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                request.headers().copy());
        answeringOffLoop = true;
        RequestRouter.hold(ctx.pipeline());
        ctx.channel().config().setAutoRead(false);
        try {
            offLoop.execute(() -> compute(ctx, endpoint, head, path));
        } catch (RejectedExecutionException refused) {
            answeringOffLoop = false;
            if (offLoop instanceof ExecutorService pool && pool.isShutdown()) {
                Responses.sendAndClose(ctx, Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Shutting down"));
                return;
            }
            // Every thread busy and the queue full: a prompt refusal beats an answer later than the client waits.
            stats.rejected(503);
            Responses.sendAndClose(ctx, Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Busy: too many answers waiting, try again"));
        }
    }

    /** On an off-loop thread: the answer, written from the loop; none for a client that hung up while it waited. */
    private void compute(ChannelHandlerContext ctx, OffLoopEndpoint endpoint, HttpRequest head, RequestPath path) {
        if (!ctx.channel().isActive()) {
            // Nobody to answer: the threads are for the answers still wanted. What it sent after this request was
            // released as the channel closed; its reading stays off.
            onLoop(ctx, () -> answeringOffLoop = false, null);
            return;
        }
        FullHttpResponse response;
        try {
            response = endpoint.answer(ctx.channel(), head, path);
        } catch (Exception failed) {
            onLoop(ctx, () -> ctx.fireExceptionCaught(failed), null);
            return;
        }
        onLoop(ctx, () -> answered(ctx, head, response), response);
    }

    /** Runs {@code task} on the channel's event loop; if that loop has shut down, releases what the task would send. */
    private static void onLoop(ChannelHandlerContext ctx, Runnable task, FullHttpResponse toRelease) {
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException shutDown) {
            if (toRelease != null) {
                toRelease.release();
            }
        }
    }

    private void answered(ChannelHandlerContext ctx, HttpRequest head, FullHttpResponse response) {
        Responses.send(ctx, head, response);
        answeringOffLoop = false;
        // The clock for the next request starts once the requests already in are answered: a connection whose input
        // has ended closes then, not before.
        if (!RequestRouter.hasHeld(ctx.pipeline()) && ctx.channel().isActive()) {
            HeaderTimeoutHandler.rearm(ctx);
        }
        RequestRouter.replayHeld(ctx.pipeline());
        if (!answeringOffLoop) {
            RequestRouter.resumeReading(ctx.pipeline());
        }
    }
}
