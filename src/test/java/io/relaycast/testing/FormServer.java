package io.relaycast.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that takes form posts, as the web backends Icecast talks to do (listener
 * authentication, stream directories): it keeps every form, with the request's {@code path}, {@code user-agent} and
 * {@code content-type} added as fields, and answers with the headers its function gives (an empty 200), or not at all
 * when the function gives null.
 */
public final class FormServer implements AutoCloseable {

    /** The body length a stalled answer promises. */
    private static final int STALLED_BODY = 10;

    private final List<Map<String, String>> posts = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel channel;
    private volatile Function<Map<String, String>, Map<String, String>> answers;
    /** Requests never answered whose connection has closed since: clients that gave up waiting. */
    private final AtomicInteger abandoned = new AtomicInteger();
    /** While set, answers wait for it: a backend that takes its time. */
    private volatile CompletableFuture<Void> held;
    /** While true, answers promise a body they never send: a backend whose connection dies mid-answer. */
    private volatile boolean stallBodies;
    /** While true, each request is taken and its connection closed unanswered: an answer lost after the work was done. */
    private volatile boolean dropConnections;
    private final AtomicInteger dropNext = new AtomicInteger();

    private FormServer(Function<Map<String, String>, Map<String, String>> answers) throws InterruptedException {
        this.answers = answers;
        this.channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        FullHttpResponse reply = answer(request);
                                        if (dropConnections || dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                            ctx.close();
                                            return;
                                        }
                                        if (reply == null) {
                                            ctx.channel().closeFuture().addListener(closed -> abandoned.incrementAndGet());
                                            return;
                                        }
                                        if (stallBodies) {
                                            reply.headers().set(HttpHeaderNames.CONTENT_LENGTH, STALLED_BODY);
                                            ctx.channel().closeFuture().addListener(closed -> abandoned.incrementAndGet());
                                            ctx.writeAndFlush(reply);
                                            return;
                                        }
                                        CompletableFuture<Void> gate = held;
                                        if (gate == null) {
                                            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
                                        } else {
                                            gate.thenRun(() -> ctx.writeAndFlush(reply)
                                                    .addListener(ChannelFutureListener.CLOSE));
                                        }
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** Starts a server answering each form with the headers {@code answers} gives (null: no answer). */
    public static FormServer start(Function<Map<String, String>, Map<String, String>> answers) {
        try {
            return new FormServer(answers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Answers from now on with {@code newAnswers}. */
    public void answer(Function<Map<String, String>, Map<String, String>> newAnswers) {
        answers = newAnswers;
    }

    /**
     * Holds every answer from now on, as a slow backend would, until the returned task runs: it sends them all and stops
     * holding.
     */
    public Runnable holdAnswers() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        held = gate;
        return () -> {
            held = null;
            gate.complete(null);
        };
    }

    /**
     * From now on (or no longer), answers its function's headers with a {@code Content-Length} of a body it never sends,
     * keeping the connection open: a backend that stalls after its head. Such requests count as {@link #abandoned} once
     * their client gives up.
     */
    public void stallBodies(boolean stall) {
        stallBodies = stall;
    }

    /**
     * From now on (or no longer), keeps each form and closes its connection without an answer: a backend that did what
     * was asked but whose answer was lost (a reset, a proxy that gave up), which its client sees as a dead connection.
     */
    public void dropConnections(boolean drop) {
        dropConnections = drop;
    }

    /** The next {@code count} requests are taken (and counted) and their connections closed with no answer. */
    public void dropNext(int count) {
        dropNext.set(count);
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + path;
    }

    /** Every form received so far, in order. */
    public List<Map<String, String>> posts() {
        return posts;
    }

    /**
     * How many requests its function gave no answer to have since lost their connection: the clients that timed out on
     * them (or this server closed).
     */
    public int abandoned() {
        return abandoned.get();
    }

    private FullHttpResponse answer(FullHttpRequest request) {
        Map<String, String> form = form(request.content().toString(StandardCharsets.UTF_8));
        form.put("path", request.uri());
        form.put("user-agent", request.headers().get(HttpHeaderNames.USER_AGENT));
        form.put("content-type", request.headers().get(HttpHeaderNames.CONTENT_TYPE));
        posts.add(form);
        Map<String, String> headers = answers.apply(form);
        if (headers == null) {
            return null;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        headers.forEach((name, value) -> response.headers().add(name, value));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        // It closes each connection once answered, so says so: a client would otherwise reuse it and find it closed.
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        return response;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** Stops taking connections (what a backend that went down looks like); idempotent. */
    public void stop() {
        channel.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        stop();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
