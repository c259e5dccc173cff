package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load generator's warm-up, on real loopback sockets: it plays whole listeners against its own stream server. */
class WarmUpTest {

    private final ByteBuf request = Unpooled.copiedBuffer("GET /stream HTTP/1.0\r\n\r\n", StandardCharsets.ISO_8859_1);
    private final EventLoopGroup group = new EpollEventLoopGroup(1);
    private final EventLoop loop = group.next();

    @AfterEach
    void shutDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        request.release();
    }

    @Test
    void everyWarmUpConnectionReadsAHeadAndAudioStartingOnAFrameHeader() throws Exception {
        WarmUp warmUp = warmUp(250);

        Future<Void> done = loop.submit(warmUp::run).get(5, TimeUnit.SECONDS);

        assertThat(done.await(WarmUp.TIME_LIMIT.toMillis() + 5_000)).isTrue();
        assertThat(done.isSuccess()).as(String.valueOf(done.cause())).isTrue();
        assertThat(loop.submit(warmUp::aligned).get(5, TimeUnit.SECONDS)).isEqualTo(250);
    }

    @Test
    void noConnectionsMeansNoWarmUp() throws Exception {
        WarmUp warmUp = warmUp(0);

        Future<Void> done = loop.submit(warmUp::run).get(5, TimeUnit.SECONDS);

        assertThat(done.isSuccess()).isTrue();
        assertThat(loop.submit(warmUp::aligned).get(5, TimeUnit.SECONDS)).isZero();
    }

    private WarmUp warmUp(int connections) {
        return new WarmUp(loop, new Bootstrap().group(group).channel(EpollSocketChannel.class),
                EpollServerSocketChannel.class, connections, request, UnderrunWindows.forBitrate(128, 5));
    }
}
