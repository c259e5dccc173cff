package io.relaycast.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.relaycast.config.PathAliases;
import io.relaycast.http.ClientAddress;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.listener.ListenerAdmission;
import io.relaycast.source.SourceAdmission;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a request head is: a source (SOURCE/PUT), a listener (GET/HEAD of a mount), or a small endpoint request
 * (status, admin, metrics), which continues to the aggregator. Malformed heads get a precise status and a close. While
 * an endpoint's answer is computed off the loop, what the client sent after that request (already read and decoded) is
 * held here, and routed once the answer is written: a pipelined request is answered after the ones before it, whatever
 * answers it (a listener, a refusal, an endpoint).
 */
final class RequestRouter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);
    static final HttpMethod SOURCE = HttpMethod.valueOf("SOURCE");

    private final ServerContext context;
    private final List<HttpEndpoint> endpoints;
    private final PortRole role;
    private boolean forwardingToEndpoint;
    /** Whether this connection's first request has been seen, for Icecast's {@code client_connections}. */
    private boolean firstRequestSeen;
    /**
     * Whether a request was handed to {@link ListenerAdmission}, which ends in a stream or a closed connection (possibly
     * after asking an authentication backend, with this handler still in the pipeline): nothing pipelined after it can be
     * answered, and it must not be let in a second time.
     */
    private boolean listenerRequestSeen;
    /**
     * Whether reading stopped because the client sent more after its listener request: each request read costs memory
     * (the access log's record of it) until the connection becomes a stream, which reads again.
     */
    private boolean pausedBehindListener;
    /** What came while an earlier request's answer was computed off the loop, in order; each holds one reference. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private boolean holding;
    /** Whether what is held waits for the client to read its answers, not for an answer computed off the loop. */
    private boolean awaitingRoom;

    RequestRouter(ServerContext context, List<HttpEndpoint> endpoints, PortRole role) {
        this.context = context;
        this.endpoints = endpoints;
        this.role = role;
    }

    /** Holds what comes next on the connection of {@code pipeline} until {@link #replayHeld}. */
    static void hold(ChannelPipeline pipeline) {
        RequestRouter router = pipeline.get(RequestRouter.class);
        if (router != null) {
            router.holding = true;
        }
    }

    /** Whether something the client sent on the connection of {@code pipeline} is held, still to be routed. */
    static boolean hasHeld(ChannelPipeline pipeline) {
        RequestRouter router = pipeline.get(RequestRouter.class);
        return router != null && !router.held.isEmpty();
    }

    /** Routes what was held, in order, until something is held again (another answer off the loop) or the router goes. */
    static void replayHeld(ChannelPipeline pipeline) {
        RequestRouter router = pipeline.get(RequestRouter.class);
        if (router == null) {
            return;
        }
        ChannelHandlerContext ctx = pipeline.context(router);
        router.holding = false;
        Object next;
        while (!router.holding && !ctx.isRemoved() && (next = router.held.poll()) != null) {
            router.channelRead(ctx, next);
        }
        if (!router.holding && !ctx.isRemoved() && router.forwardingToEndpoint && HeaderTimeoutHandler.isAnswering(pipeline)) {
            // The last request held has not all come (its body is short): the rest must come in time.
            HeaderTimeoutHandler.awaitRestOfRequest(ctx);
        }
    }

    /**
     * Reads more from the connection of {@code pipeline}, unless what it sent is held (see {@link #hold}), or a source
     * on it waits in a {@code SourceHold}, which bounds what it takes by reading only once the source is let in.
     */
    static void resumeReading(ChannelPipeline pipeline) {
        RequestRouter router = pipeline.get(RequestRouter.class);
        if (router == null ? pipeline.get(PipelineNames.SOURCE_HOLD) == null : !router.holding) {
            pipeline.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (listenerRequestSeen) {
            if (msg instanceof HttpRequest) {
                pausedBehindListener = true;
                ctx.channel().config().setAutoRead(false);
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (holding) {
            held.add(msg);
            return;
        }
        if (msg instanceof HttpRequest && !ctx.channel().isWritable()) {
            awaitRoom(ctx, msg);
            return;
        }
        if (!(msg instanceof HttpRequest request)) {
            if (forwardingToEndpoint) {
                ctx.fireChannelRead(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        forwardingToEndpoint = false;
        if (request.decoderResult().isFailure()) {
            HeaderTimeoutHandler.disarm(ctx);
            ReferenceCountUtil.release(msg);
            rejectMalformed(ctx, request.decoderResult().cause());
            return;
        }
        if (!context.proxies().isEmpty() && !admitForwardedClient(ctx, request)) {
            return;
        }
        route(ctx, request);
    }

    /**
     * Takes the client a trusted proxy names for this request as the connection's client (a proxy's kept-alive
     * connection carries requests of many clients) and refuses it, unanswered, as Icecast's deny and allow lists do;
     * false when refused. The connection's own client is the peer, or the one its PROXY protocol header named.
     */
    private boolean admitForwardedClient(ChannelHandlerContext ctx, HttpRequest request) {
        Channel channel = ctx.channel();
        SocketAddress connectionClient = ClientAddress.ofConnection(channel);
        if (!context.proxies().trusts(connectionClient)) {
            return true;
        }
        SocketAddress client = context.proxies().clientOf(connectionClient, request.headers());
        ClientAddress.setForRequest(channel, client,
                context.proxies().forwardedOverHttps(connectionClient, request.headers()));
        if (context.addresses().admits(client)) {
            return true;
        }
        log.debug("{}: refused by the address lists, as forwarded by {}", client, channel.remoteAddress());
        HeaderTimeoutHandler.disarm(ctx);
        ReferenceCountUtil.release(request);
        context.requests().rejected(0);
        ctx.close();
        return false;
    }

    /**
     * Holds {@code request} (first: when replayed, it came before what is still held) until the client has read enough
     * of its answers; without this, a client pipelining requests and never reading has every answer queued in memory.
     */
    private void awaitRoom(ChannelHandlerContext ctx, Object request) {
        held.addFirst(request);
        holding = true;
        awaitingRoom = true;
        ctx.channel().config().setAutoRead(false);
        // The request is whole: its head's clock stops; a client that takes nothing of the answers before it is closed.
        HeaderTimeoutHandler.awaitRoom(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (awaitingRoom && ctx.channel().isWritable()) {
            awaitingRoom = false;
            replayHeld(ctx.pipeline());
            resumeReading(ctx.pipeline());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
        if (pausedBehindListener) {
            // The listener is let in: its stream reads (and drops) what the client sends, and sees it hang up.
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    private void releaseHeld() {
        Object msg;
        while ((msg = held.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * The path of {@code request}, or of the destination of the alias its path is (a GET or HEAD only), to which the
     * request is then pointed, its query kept; null when it is not acceptable. The alias is looked up by the decoded
     * path, as the request is answered: {@code GET http://host/} and {@code GET /%6Cive} are {@code /} and {@code /live}.
     */
    private RequestPath aliased(ChannelHandlerContext ctx, HttpRequest request) {
        RequestPath path = RequestPath.of(request);
        PathAliases aliases = context.config().aliases();
        boolean reads = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (path == null || aliases.isEmpty() || !reads) {
            return path;
        }
        String target = RequestPath.originForm(request.uri());
        int query = target.indexOf('?');
        String aliased = aliases.resolve(path.path() + (query < 0 ? "" : target.substring(query)), listening(ctx));
        if (aliased == null) {
            return path;
        }
        request.setUri(aliased);
        return RequestPath.of(request);
    }

    /** The address and port of the server's socket that took this connection, if it is known. */
    private static InetSocketAddress listening(ChannelHandlerContext ctx) {
        Channel server = ctx.channel().parent();
        return server != null && server.localAddress() instanceof InetSocketAddress address ? address : null;
    }

    private void route(ChannelHandlerContext ctx, HttpRequest request) {
        HttpMethod method = request.method();
        RequestPath path = aliased(ctx, request);
        boolean source = method.equals(SOURCE) || method.equals(HttpMethod.PUT);
        if (source || path == null || EndpointDispatcher.find(endpoints, method, path.path()) == null) {
            HeaderTimeoutHandler.disarm(ctx);
        }
        // Otherwise the clock runs on until the whole request, body and all, is in (EndpointDispatcher stops it):
        // a head with a Content-Length and a body that trickles or never comes must not hold the connection open.
        if (path == null) {
            ReferenceCountUtil.release(request);
            reject(ctx, HttpResponseStatus.BAD_REQUEST, "Bad request path");
            return;
        }
        if (!firstRequestSeen) {
            firstRequestSeen = true;
            if (!source) {
                context.requests().clientConnection();
            }
        }
        if (source) {
            if (!role.acceptsSources()) {
                reject(ctx, HttpResponseStatus.FORBIDDEN, "Sources must connect to the source port");
                return;
            }
            new SourceAdmission(context).admit(ctx, request, path);
            return;
        }
        if (EndpointDispatcher.find(endpoints, method, path.path()) != null) {
            forwardingToEndpoint = true;
            ctx.fireChannelRead(request);
            return;
        }
        if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            if (!role.acceptsListeners()) {
                reject(ctx, HttpResponseStatus.FORBIDDEN, "This port accepts sources only");
                return;
            }
            listenerRequestSeen = true;
            new ListenerAdmission(context).admit(ctx, request, path);
            return;
        }
        ReferenceCountUtil.release(request);
        FullHttpResponse response = Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method " + method + " not allowed");
        response.headers().set(HttpHeaderNames.ALLOW, Responses.ALLOW);
        context.requests().rejected(405);
        Responses.sendAndClose(ctx, response);
    }

    private void rejectMalformed(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            reject(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "Request line too long");
        } else if (cause instanceof TooLongHttpHeaderException) {
            reject(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large");
        } else if (cause instanceof TooLongFrameException) {
            reject(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request too large");
        } else {
            log.info("{}: malformed request: {}", ClientAddress.of(ctx.channel()), cause.getMessage());
            reject(ctx, HttpResponseStatus.BAD_REQUEST, "Malformed request");
        }
    }

    private void reject(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        context.requests().rejected(status.code());
        Responses.sendAndClose(ctx, Responses.text(status, reason));
    }
}
