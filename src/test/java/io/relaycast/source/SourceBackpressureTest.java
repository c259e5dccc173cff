package io.relaycast.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.StreamInfo;
import io.relaycast.mp3.Mp3FrameDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A source on one event loop feeding a mount on another: while the mount's loop has a backlog of
 * {@link SourceIngestHandler#MAX_MOUNT_BACKLOG} tasks, the source is not read (its frames would otherwise queue there
 * without bound), and it is read again once the loop has worked through them.
 */
class SourceBackpressureTest {

    private final DefaultEventLoopGroup mountLoops = new DefaultEventLoopGroup(1);
    private final DefaultEventLoopGroup sourceLoops = new DefaultEventLoopGroup(1);
    private final EventLoop mountLoop = mountLoops.next();
    private final Mount mount = new Mount("/live", mountLoop, List.of(mountLoop), PooledByteBufAllocator.DEFAULT, 512 * 1024,
            Duration.ofMillis(20), true);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private Channel server;
    private Channel encoder;

    @AfterEach
    void stop() throws Exception {
        caughtUp.countDown();
        if (encoder != null) {
            encoder.close().sync();
        }
        if (server != null) {
            server.close().sync();
        }
        mount.close().get(5, TimeUnit.SECONDS);
        sourceLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        mountLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aSourceIsNotReadWhileItsMountsLoopIsFarBehindAndIsReadAgainOnceItCaughtUp() throws Exception {
        Channel ingest = heldBackSource(Duration.ofSeconds(10));

        caughtUp.countDown();
        await("read again").atMost(Duration.ofSeconds(5)).until(() -> ingest.config().isAutoRead());
        assertThat(ingest.isActive()).isTrue();
    }

    @Test
    void aSourceTimeoutWhileTheServerHoldsTheSourceBackDoesNotDropIt() throws Exception {
        Channel ingest = heldBackSource(Duration.ofSeconds(10));

        ingest.eventLoop().submit(() -> ingest.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT))
                .get(5, TimeUnit.SECONDS);
        assertThat(ingest.isActive()).isTrue();
        assertThat(mount.stats().sourceTimeouts()).isZero();
    }

    @Test
    void aSourceStillSilentATimeoutAfterItIsReadAgainIsDropped() throws Exception {
        Channel ingest = heldBackSource(Duration.ofMillis(50));
        caughtUp.countDown();
        await("read again").atMost(Duration.ofSeconds(5)).until(() -> ingest.config().isAutoRead());

        await("dropped").atMost(Duration.ofSeconds(5)).until(() -> {
            ingest.eventLoop().submit(() -> ingest.pipeline().fireUserEventTriggered(
                    IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT)).get(5, TimeUnit.SECONDS);
            return !ingest.isActive();
        });
        assertThat(mount.stats().sourceTimeouts()).isEqualTo(1);
    }

    /** A source whose ingest handler has stopped reading it: its mount's loop is blocked with a full backlog. */
    private Channel heldBackSource(Duration timeout) throws Exception {
        LiveSource source = new LiveSource(new InetSocketAddress("127.0.0.1", 1), "encoder", Instant.now(),
                StreamInfo.unnamed(), () -> { });
        // It holds the mount, as every pushing source does before its audio is read (its timeout counts only then).
        assertThat(mount.claimLive(source)).isTrue();
        CompletableFuture<Channel> sourceSide = new CompletableFuture<>();
        LocalAddress address = new LocalAddress("source-backpressure");
        server = new ServerBootstrap().group(sourceLoops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new SourceIngestHandler(mount, source, new Mp3FrameDecoder(),
                                "PUT /live HTTP/1.1", timeout));
                        sourceSide.complete(channel);
                    }
                }).bind(address).sync().channel();
        encoder = new Bootstrap().group(sourceLoops).channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(address).sync().channel();
        Channel ingest = sourceSide.get(5, TimeUnit.SECONDS);
        mountLoop.execute(() -> {
            try {
                caughtUp.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < SourceIngestHandler.MAX_MOUNT_BACKLOG; i++) {
            mountLoop.execute(() -> { });
        }
        encoder.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})).sync();
        await("held back").atMost(Duration.ofSeconds(5)).until(() -> !ingest.config().isAutoRead());
        return ingest;
    }
}
