package io.relaycast.loadtest;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.relaycast.mp3.SilentFrames;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Before the measured run, the load generator plays listener against a stream server of its own, in its own process
 * on loopback: a few hundred connections, each answered with a response head and some silent frames. A cold JVM
 * spends its first few hundred milliseconds loading and compiling its connect and read paths, and the listeners it
 * opens meanwhile would count that delay as the server's time to first byte. The server under test sees none of this.
 */
final class WarmUp {

    /** The warm-up ends after this at the latest, whatever is still open. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(10);
    /** Warm-up connections open at once. */
    private static final int IN_FLIGHT = 100;
    private static final int FRAMES = 24;
    private static final AttributeKey<Boolean> ANSWERED = AttributeKey.valueOf("relaycast.warmUpAnswered");

    private final EventLoop loop;
    private final Bootstrap client;
    private final ServerBootstrap server;
    private final int connections;
    private final ByteBuf request;
    private final ByteBuf answer;
    private final UnderrunWindows rule;
    private final LoadTimeline scratch;
    private Promise<Void> done;
    private Channel listening;
    private int opened;
    private int closed;
    private int aligned;

    /**
     * @param loop        the load test's event loop, where the warm-up runs
     * @param client      the load test's bootstrap, with its options and {@code loop} as its group; the warm-up
     *                    connects clones of it
     * @param serverClass the server socket channel of the load test's transport
     * @param connections how many listener connections to play; zero skips the warm-up
     * @param request     the load test's request, as every probe sends it
     * @param rule        the load test's underrun rule
     */
    WarmUp(EventLoop loop, Bootstrap client, Class<? extends ServerChannel> serverClass, int connections, ByteBuf request,
           UnderrunWindows rule) {
        this.loop = loop;
        this.client = client;
        this.connections = connections;
        this.request = request;
        this.rule = rule;
        this.scratch = new LoadTimeline(System.nanoTime(), () -> 0);
        this.answer = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(answerBytes()));
        this.server = new ServerBootstrap().group(loop).channel(serverClass)
                .childHandler(new StreamAnswer(answer));
    }

    /**
     * Plays every warm-up connection; the future completes, on the loop, when the last one has closed, or fails after
     * {@link #TIME_LIMIT}. Call on the loop.
     */
    Future<Void> run() {
        done = loop.newPromise();
        if (connections <= 0) {
            return done.setSuccess(null);
        }
        loop.schedule(() -> {
            if (done.tryFailure(new IllegalStateException(closed + " of " + connections + " warm-up connections done in "
                    + TIME_LIMIT.toSeconds() + " s"))) {
                stop();
            }
        }, TIME_LIMIT.toNanos(), TimeUnit.NANOSECONDS);
        ChannelFuture bind = server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        bind.addListener(bound -> {
            if (!bound.isSuccess()) {
                done.tryFailure(bound.cause());
                return;
            }
            listening = bind.channel();
            while (opened < Math.min(IN_FLIGHT, connections)) {
                open();
            }
        });
        return done;
    }

    private void open() {
        opened++;
        ListenerProbe probe = new ListenerProbe(rule, request, System.nanoTime(), scratch);
        client.clone().handler(probe).connect(listening.localAddress()).addListener((ChannelFutureListener) connected -> {
            if (connected.isSuccess()) {
                connected.channel().closeFuture().addListener(closedFuture -> oneClosed(probe));
            } else {
                oneClosed(probe);
            }
        });
    }

    private void oneClosed(ListenerProbe probe) {
        closed++;
        aligned += probe.startAligned() ? 1 : 0;
        if (opened < connections) {
            open();
        } else if (closed == connections && !done.isDone()) {
            stop();
            done.trySuccess(null);
        }
    }

    /** Warm-up connections that read a response head and audio starting on a frame header, as a listener does. */
    int aligned() {
        return aligned;
    }

    private void stop() {
        if (listening != null) {
            listening.close();
        }
    }

    private static byte[] answerBytes() {
        byte[] head = "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] frame = SilentFrames.silentFrame(SilentFrames.defaultFormat());
        byte[] bytes = new byte[head.length + FRAMES * frame.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        for (int i = 0; i < FRAMES; i++) {
            System.arraycopy(frame, 0, bytes, head.length + i * frame.length, frame.length);
        }
        return bytes;
    }

    /** The warm-up's stream server: on the first bytes of a request, a response head and silent frames, then close. */
    @ChannelHandler.Sharable
    private static final class StreamAnswer extends ChannelInboundHandlerAdapter {

        private final ByteBuf answer;

        StreamAnswer(ByteBuf answer) {
            this.answer = answer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (ctx.channel().attr(ANSWERED).setIfAbsent(Boolean.TRUE) == null) {
                ctx.writeAndFlush(answer.duplicate()).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
