package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.relaycast.auth.AddressFilter;
import io.relaycast.auth.Authenticator;
import io.relaycast.auth.TrustedProxies;
import io.relaycast.config.AccessLists;
import io.relaycast.http.ClientAddress;
import io.relaycast.listener.ListenerRegistry;
import io.relaycast.mount.MountRegistry;
import io.relaycast.playlist.JukeboxRegistry;
import io.relaycast.testing.TestServer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PROXY protocol header of a trusted proxy, on an EmbeddedChannel whose peer is that proxy: read however it arrives,
 * its client taken, a health check's header (no client) leaving the proxy as the client, a malformed one closing the
 * connection, and the proxy's own plain requests (even those starting with P) served as they are.
 */
class ProxyProtocolTest {

    private static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 40000);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);
    private final ServerContext context = new ServerContext(
            new LiveConfig(TestServer.config(), new Authenticator("pw", "admin", "apw", Map.of())),
            new MountRegistry(loops, PooledByteBufAllocator.DEFAULT, 512 * 1024, Duration.ofMillis(100)),
            new ListenerRegistry(), new RequestStats(), new JukeboxRegistry(), AddressFilter.NONE,
            TrustedProxies.of(new AccessLists(null, null, List.of("127.0.0.1"))), new ConnectionGate());
    private final EmbeddedChannel channel = new EmbeddedChannel(new RelaycastServerInitializer(context,
            List.of(new OptionsEndpoint()), PortRole.ALL, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), Runnable::run)) {
        @Override
        protected SocketAddress remoteAddress0() {
            return PROXY;
        }
    };

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aVersion1HeaderArrivingInPiecesNamesTheClientOfTheRequestsAfterIt() {
        assertThat(exchange("PRO")).isEmpty();
        assertThat(exchange("XY TCP4 198.51.100.7 127.0.0.1 51234 80")).isEmpty();
        assertThat(exchange("00\r\nGET /missing HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 404");
        assertThat(ClientAddress.of(channel)).isEqualTo(new InetSocketAddress("198.51.100.7", 51234));
    }

    @Test
    void aVersion2HeaderNamesTheClientToo() {
        ByteBuf header = Unpooled.buffer().writeBytes(V2_SIGNATURE).writeByte(0x21).writeByte(0x11).writeShort(12)
                .writeBytes(new byte[] {(byte) 203, 0, 113, 9}).writeBytes(new byte[] {127, 0, 0, 1})
                .writeShort(51000).writeShort(8000);
        channel.writeInbound(header);
        assertThat(exchange("OPTIONS /live HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(ClientAddress.of(channel)).isEqualTo(new InetSocketAddress("203.0.113.9", 51000));
    }

    @Test
    void aHealthChecksHeaderNamesNobodyAndTheProxyStaysTheClient() {
        ByteBuf local = Unpooled.buffer().writeBytes(V2_SIGNATURE).writeByte(0x20).writeByte(0x00).writeShort(0);
        channel.writeInbound(local);
        assertThat(exchange("OPTIONS /live HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(ClientAddress.of(channel)).isEqualTo(PROXY);
        assertThat(exchange("PROXY UNKNOWN\r\n")).as("a second header is a request line, and a bad one")
                .startsWith("HTTP/1.1 400");
    }

    @Test
    void aMalformedHeaderClosesTheConnectionUnanswered() {
        assertThat(exchange("PROXY TCP4 not-an-address 127.0.0.1 1 2\r\nGET /live HTTP/1.0\r\n\r\n")).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(context.requests().rejectedCount(0)).isEqualTo(1);
    }

    @Test
    void theProxysOwnPlainRequestsAreServedEvenThoseStartingWithP() {
        assertThat(exchange("PATCH /live HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 405");
        assertThat(ClientAddress.of(channel)).isEqualTo(PROXY);
    }

    private String exchange(String request) {
        return EmbeddedExchange.exchange(channel, request);
    }
}
