package io.relaycast.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kernel's limit on unsent bytes, lowered for a big answer, is the system's again once the connection streams. */
class UnsentBytesTest {

    @Test
    void aConnectionThatGotABigAnswerHasTheSystemsLimitBackWhenItBecomesAListener() throws Exception {
        EventLoopGroup group = new EpollEventLoopGroup(1);
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<EpollSocketChannel>() {
                        @Override
                        protected void initChannel(EpollSocketChannel channel) {
                            accepted.complete(channel);
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort()));
                Channel channel = accepted.get(10, TimeUnit.SECONDS);
                long system = channel.config().getOption(EpollChannelOption.TCP_NOTSENT_LOWAT);

                UnsentBytes.restore(channel);
                assertThat(channel.config().getOption(EpollChannelOption.TCP_NOTSENT_LOWAT))
                        .as("a connection never lowered is left as it is").isEqualTo(system);
                UnsentBytes.keepLittle(channel);
                assertThat(channel.config().getOption(EpollChannelOption.TCP_NOTSENT_LOWAT)).isEqualTo(UnsentBytes.LIMIT);
                UnsentBytes.restore(channel);
                assertThat(channel.config().getOption(EpollChannelOption.TCP_NOTSENT_LOWAT))
                        .as("the system's limit again").isEqualTo(system);
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
