package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.relaycast.auth.Authenticator;
import io.relaycast.listener.ListenerRegistry;
import io.relaycast.mount.MountRegistry;
import io.relaycast.playlist.JukeboxRegistry;
import io.relaycast.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection pipeline on an EmbeddedChannel: what each kind of bad or small request gets back. */
class RequestRouterTest {

    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);
    private final ServerContext context = new ServerContext(TestServer.config(),
            new MountRegistry(loops, PooledByteBufAllocator.DEFAULT, 512 * 1024, Duration.ofMillis(100)),
            new ListenerRegistry(), new Authenticator("pw", "admin", "apw", Map.of()), new RequestStats(), new JukeboxRegistry());
    private final EmbeddedChannel channel = new EmbeddedChannel(new RelaycastServerInitializer(context,
            List.of(new OptionsEndpoint()), PortRole.ALL, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), Runnable::run));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void unknownMethodsGet405WithAllow() {
        String response = exchange("PATCH /live HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 405").contains("allow: GET, HEAD, PUT, SOURCE, OPTIONS");
        assertThat(channel.isOpen()).isFalse();
        assertThat(context.requests().rejectedCount(405)).isEqualTo(1);
    }

    @Test
    void optionsIsAnsweredAndTheConnectionKeptForTheNextRequest() {
        String response = exchange("OPTIONS /live HTTP/1.1\r\nHost: x\r\nAccess-Control-Request-Method: GET\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200").contains("access-control-allow-headers: Icy-MetaData");
        assertThat(channel.isOpen()).isTrue();
        assertThat(exchange("OPTIONS /other HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void anUnknownMountIs404AndNoMountIsCreated() {
        assertThat(exchange("GET /missing HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 404");
        assertThat(context.mounts().all()).isEmpty();
    }

    @Test
    void aRequestLineOverTheLimitIs414() {
        assertThat(exchange("GET /" + "x".repeat(RelaycastServerInitializer.MAX_REQUEST_LINE) + " HTTP/1.1\r\n\r\n"))
                .startsWith("HTTP/1.1 414");
    }

    @Test
    void headersOverTheLimitAre431() {
        assertThat(exchange("GET /live HTTP/1.1\r\nX: " + "y".repeat(RelaycastServerInitializer.MAX_HEADER_SIZE) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431");
    }

    @Test
    void binaryGarbageIs400() {
        assertThat(exchange("\u0000\u0001\u0002garbage")).startsWith("HTTP/1.0 400");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anOversizedBodyIs413CountedAndClosedNotLeftToTimeOut() {
        assertThat(exchange("OPTIONS /live HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"))
                .startsWith("HTTP/1.1 413");
        assertThat(context.requests().rejectedCount(413)).isEqualTo(1);
        assertThat(channel.isOpen()).isFalse();
    }

    private String exchange(String request) {
        return EmbeddedExchange.exchange(channel, request);
    }
}
