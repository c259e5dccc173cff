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
import org.junit.jupiter.api.Test;

/**
 * A source on one event loop feeding a mount on another: while the mount's loop has a backlog of
 * {@link SourceIngestHandler#MAX_MOUNT_BACKLOG} tasks, the source is not read (its frames would otherwise queue there
 * without bound), and it is read again once the loop has worked through them.
 */
class SourceBackpressureTest {

    @Test
    void aSourceIsNotReadWhileItsMountsLoopIsFarBehindAndIsReadAgainOnceItCaughtUp() throws Exception {
        DefaultEventLoopGroup mountLoops = new DefaultEventLoopGroup(1);
        DefaultEventLoopGroup sourceLoops = new DefaultEventLoopGroup(1);
        EventLoop mountLoop = mountLoops.next();
        Mount mount = new Mount("/live", mountLoop, List.of(mountLoop), PooledByteBufAllocator.DEFAULT, 512 * 1024,
                Duration.ofMillis(20), true);
        LiveSource source = new LiveSource(new InetSocketAddress("127.0.0.1", 1), "encoder", Instant.now(),
                StreamInfo.unnamed(), () -> { });
        CompletableFuture<Channel> sourceSide = new CompletableFuture<>();
        LocalAddress address = new LocalAddress("source-backpressure");
        Channel server = new ServerBootstrap().group(sourceLoops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new SourceIngestHandler(mount, source, new Mp3FrameDecoder(),
                                "PUT /live HTTP/1.1", Duration.ofSeconds(10)));
                        sourceSide.complete(channel);
                    }
                }).bind(address).sync().channel();
        Channel encoder = new Bootstrap().group(sourceLoops).channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(address).sync().channel();
        CountDownLatch caughtUp = new CountDownLatch(1);
        try {
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
            await().atMost(Duration.ofSeconds(5)).until(() -> !ingest.config().isAutoRead());

            caughtUp.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> ingest.config().isAutoRead());
            assertThat(ingest.isActive()).as("held back, not dropped").isTrue();
        } finally {
            caughtUp.countDown();
            encoder.close().sync();
            server.close().sync();
            mount.close().get(5, TimeUnit.SECONDS);
            sourceLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            mountLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
