package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listener's output on real epoll sockets: single-piece turns go straight to the socket from the shared buffer, what
 * the kernel refuses queues in the channel and everything keeps its order, and a vanished peer or a closed channel costs
 * nothing. On other channels everything goes through the pipeline.
 */
class ListenerOutputTest {

    private static final int TURN = 4096;

    private EpollEventLoopGroup group;
    private Channel server;
    private final BlockingQueue<ChannelHandlerContext> accepted = new LinkedBlockingQueue<>();
    private Socket client;

    @BeforeEach
    void listen() throws Exception {
        group = new EpollEventLoopGroup(1);
        server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(16 * 1024, 32 * 1024))
                .childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void handlerAdded(ChannelHandlerContext ctx) {
                                accepted.add(ctx);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        client = new Socket();
        client.setReceiveBufferSize(8 * 1024);
        client.connect(server.localAddress(), 5000);
        client.setSoTimeout(10_000);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close().sync();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }

    @Test
    void aOnePieceTurnGoesStraightToTheSocketFromTheSharedBuffer() throws Exception {
        ChannelHandlerContext ctx = accepted();
        ListenerOutput output = onLoop(ctx, () -> ListenerOutput.of(ctx, bytes -> { }));
        ByteBuf shared = pattern(0, TURN);
        onLoop(ctx, () -> {
            output.add(shared, shared.readerIndex() + 100, TURN - 100);
            output.flush();
            return null;
        });
        assertThat(read(TURN - 100)).isEqualTo(bytes(shared, 100, TURN - 100));
        assertThat(onLoop(ctx, output::directBytes)).isEqualTo(TURN - 100);
        assertThat(shared.refCnt()).isEqualTo(1);
        assertThat(shared.readerIndex()).isZero();
        shared.release();
    }

    @Test
    void whatTheKernelRefusesQueuesInTheChannelAndNothingIsReordered() throws Exception {
        ChannelHandlerContext ctx = accepted();
        ListenerOutput output = onLoop(ctx, () -> ListenerOutput.of(ctx, bytes -> { }));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        // The client reads nothing: turns go out until the kernel is full and the channel passes its high water mark.
        int turns = onLoop(ctx, () -> {
            int n = 0;
            while (output.isWritable()) {
                ByteBuf turn = pattern(n, TURN);
                expected.writeBytes(bytes(turn, 0, TURN));
                output.add(turn, 0, TURN);
                output.flush();
                turn.release();
                n++;
            }
            return n;
        });
        long direct = onLoop(ctx, output::directBytes);
        assertThat(direct).as("the kernel took the first turns directly").isPositive();
        assertThat(direct).as("and refused the rest").isLessThan((long) turns * TURN);
        assertThat(read(expected.size())).isEqualTo(expected.toByteArray());
        // Everything is out, so the channel's queue is empty again: the next turn goes straight to the socket.
        ByteBuf last = pattern(turns, TURN);
        onLoop(ctx, () -> {
            output.add(last, 0, TURN);
            output.flush();
            return null;
        });
        assertThat(read(TURN)).isEqualTo(bytes(last, 0, TURN));
        assertThat(onLoop(ctx, output::directBytes)).isEqualTo(direct + TURN);
        last.release();
    }

    @Test
    void aResetPeerOrAClosedChannelCostsNothing() throws Exception {
        ChannelHandlerContext ctx = accepted();
        ListenerOutput output = onLoop(ctx, () -> ListenerOutput.of(ctx, bytes -> { }));
        client.setSoLinger(true, 0);
        ByteBuf shared = pattern(0, TURN);
        // The peer resets the connection and the next turn is sent in the same event-loop task, before Netty can read
        // the reset: the send itself fails, and the output closes the channel.
        boolean closedBySend = onLoop(ctx, () -> {
            client.close();
            output.add(shared, 0, TURN);
            output.flush();
            return !ctx.channel().isOpen();
        });
        assertThat(closedBySend).isTrue();
        assertThat(ctx.channel().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        // A turn on the closed channel never touches its old descriptor, and the channel releases what it was given.
        onLoop(ctx, () -> {
            output.add(shared, 0, TURN);
            output.flush();
            return null;
        });
        assertThat(onLoop(ctx, output::isWritable)).isFalse();
        assertThat(shared.refCnt()).isEqualTo(1);
        // The closed channel's descriptor number is free again, and the next connection usually gets it: a turn on the
        // old output must not reach the new listener, whose first byte is the one its own channel sends.
        try (Socket next = new Socket()) {
            next.connect(server.localAddress(), 5000);
            next.setSoTimeout(10_000);
            ChannelHandlerContext nextCtx = accepted();
            onLoop(ctx, () -> {
                output.add(shared, 0, TURN);
                output.flush();
                return null;
            });
            nextCtx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {42})).sync();
            assertThat(next.getInputStream().read()).isEqualTo(42);
        }
        shared.release();
    }

    @Test
    void aListenerLeavingInsideALongIntroIsCountedForAboutWhatItRead() throws Exception {
        ChannelHandlerContext ctx = accepted();
        AtomicLong counted = new AtomicLong();
        ListenerOutput output = onLoop(ctx, () -> ListenerOutput.of(ctx, counted::addAndGet));
        int introLength = 1024 * 1024;
        int readLength = 256 * 1024;
        ByteBuf intro = pattern(0, introLength);
        onLoop(ctx, () -> {
            output.add(intro, 0, introLength);
            output.flush();
            return null;
        });
        try {
            assertThat(read(readLength)).isEqualTo(bytes(intro, 0, readLength));
            client.setSoLinger(true, 0);
            client.close();
            assertThat(ctx.channel().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
            // Everything but the last slice of at most 64 KiB the client took before it left counts; the socket buffers
            // may have taken a little more than the client read.
            assertThat(onLoop(ctx, counted::get)).isBetween(readLength - 64L * 1024, readLength + 256L * 1024);
            assertThat(intro.refCnt()).isEqualTo(1);
        } finally {
            intro.release();
        }
    }

    /**
     * A long intro's slices grow the ring of batch sizes; once most are out it is back to what a stream's turns need, even
     * while the stream after the intro stays queued behind a player reading at playback speed.
     */
    @Test
    void theRoomALongIntroTookIsGivenBackWhileTheStreamAfterItIsStillQueued() {
        HeldWrites peer = new HeldWrites();
        EmbeddedChannel channel = new EmbeddedChannel(peer, new ChannelInboundHandlerAdapter());
        ListenerOutput output = ListenerOutput.of(channel.pipeline().lastContext(), bytes -> { });
        ByteBuf intro = Unpooled.directBuffer(64 * ListenerOutput.MAX_BATCH_BYTES).writeZero(64 * ListenerOutput.MAX_BATCH_BYTES);
        try {
            output.add(intro, 0, intro.readableBytes());
            output.flush();
            assertThat(output.batchRingSize()).isEqualTo(64);
            peer.complete(48);
            assertThat(output.batchRingSize()).isEqualTo(ListenerOutput.KEPT_BATCHES);
            peer.complete(16);
            assertThat(output.batchRingSize()).isEqualTo(ListenerOutput.KEPT_BATCHES);
        } finally {
            channel.finishAndReleaseAll();
            intro.release();
        }
    }

    /** A reader slower than the stream fills and empties its channel over and over: the ring is grown once, not each time. */
    @Test
    void aRingGrownByAStreamsTurnsIsKeptWhenTheChannelEmpties() {
        HeldWrites peer = new HeldWrites();
        EmbeddedChannel channel = new EmbeddedChannel(peer, new ChannelInboundHandlerAdapter());
        ListenerOutput output = ListenerOutput.of(channel.pipeline().lastContext(), bytes -> { });
        ByteBuf shared = pattern(0, TURN);
        try {
            for (int cycle = 0; cycle < 2; cycle++) {
                for (int turn = 0; turn < 24; turn++) {
                    output.add(shared, 0, 1000);
                    output.add(shared, 1000, TURN - 1000);
                    output.flush();
                }
                assertThat(output.batchRingSize()).isEqualTo(32);
                peer.complete(24);
                assertThat(output.batchRingSize()).isEqualTo(32);
            }
        } finally {
            channel.finishAndReleaseAll();
            shared.release();
        }
    }

    @Test
    void elsewhereEveryTurnGoesThroughThePipelineAsOneFlush() {
        List<String> seen = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                seen.add("write " + ((ByteBuf) msg).readableBytes());
                ctx.write(msg, promise);
            }

            @Override
            public void flush(ChannelHandlerContext ctx) {
                seen.add("flush");
                ctx.flush();
            }
        }, new ChannelInboundHandlerAdapter());
        ListenerOutput output = ListenerOutput.of(channel.pipeline().lastContext(), bytes -> { });
        ByteBuf shared = pattern(0, TURN);
        ByteBuf block = Unpooled.wrappedBuffer(new byte[] {0});
        output.add(shared, 0, 1000);
        output.add(block, 0, 1);
        output.add(shared, 1000, TURN - 1000);
        output.flush();
        assertThat(seen).containsExactly("write 1000", "write 1", "write " + (TURN - 1000), "flush");
        ByteBuf first = channel.readOutbound();
        assertThat(bytes(first, 0, 1000)).isEqualTo(bytes(shared, 0, 1000));
        first.release();
        channel.finishAndReleaseAll();
        assertThat(shared.refCnt()).isEqualTo(1);
        assertThat(output.directBytes()).isZero();
        shared.release();
        block.release();
    }

    /** A peer that has taken nothing until told: each batch's write completes when {@link #complete} says. */
    private static final class HeldWrites extends ChannelOutboundHandlerAdapter {

        private final List<ChannelPromise> held = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                held.add(promise);
            }
        }

        /** The oldest {@code batches} batches are out. */
        void complete(int batches) {
            for (int i = 0; i < batches; i++) {
                held.remove(0).setSuccess();
            }
        }
    }

    private ChannelHandlerContext accepted() throws InterruptedException {
        ChannelHandlerContext ctx = accepted.poll(5, TimeUnit.SECONDS);
        assertThat(ctx).as("accepted connection").isNotNull();
        return ctx;
    }

    /** Bytes whose value depends on their place in the stream, so a reordering or a loss shows. */
    private static ByteBuf pattern(int turn, int length) {
        ByteBuf buffer = Unpooled.directBuffer(length);
        for (int i = 0; i < length; i++) {
            buffer.writeByte((turn * 31 + i * 7 + i / 256) & 0xff);
        }
        return buffer;
    }

    private static byte[] bytes(ByteBuf buffer, int index, int length) {
        byte[] bytes = new byte[length];
        buffer.getBytes(buffer.readerIndex() + index, bytes);
        return bytes;
    }

    private byte[] read(int length) throws IOException {
        InputStream in = client.getInputStream();
        return in.readNBytes(length);
    }

    private static <T> T onLoop(ChannelHandlerContext ctx, Callable<T> task) throws Exception {
        return ctx.executor().submit(task).get(10, TimeUnit.SECONDS);
    }
}
