package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.channel.embedded.EmbeddedChannel;
import io.relaycast.config.ConnectionLimits;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ResponseHeaders;
import io.relaycast.http.Cors;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.lang.management.ManagementFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server takes no more connections than its limits: those open at once, and those one address holds that have not
 * yet sent a whole request. Beyond them a client hears 503 at once; everyone already in is left alone. Real sockets.
 */
class ConnectionLimitTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    @Test
    void oneAddressHoldsNoMoreConnectionsWaitingForARequestThanItsLimitAndListenersDoNotCount() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
        try (TestServer server = TestServer.start(TestServer.config()
                .withMounts(List.of(MountConfig.withPlaylist("/radio", music)))
                .withLimits(new ConnectionLimits(0, 3))
                .withHttpHeaders(ResponseHeaders.parse(List.of("Access-Control-Allow-Origin: *", "503 Retry-After: 30",
                        "200 X-Served: yes"))))) {
            ConnectionGate gate = server.context().gate();
            List<Capture> listeners = new ArrayList<>();
            List<RawClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawClient listener = RawClient.connect(server.port()).send("GET /radio HTTP/1.0\r\n\r\n");
                    assertThat(listener.readHead().status()).isEqualTo(200);
                    listeners.add(Capture.of(listener));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> gate.pendingFrom(LOOPBACK) == 0);
                for (int i = 0; i < 3; i++) {
                    idle.add(RawClient.connect(server.port()));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> gate.pendingFrom(LOOPBACK) == 3);

                try (RawClient refused = RawClient.connect(server.port())) {
                    String answer = new String(refused.readToEnd(), StandardCharsets.US_ASCII);
                    assertThat(answer).startsWith("HTTP/1.0 503 ")
                            .contains("Too many connections from 127.0.0.1 waiting to send a request");
                    assertThat(answer).as("the station's headers, as on every answer")
                            .containsOnlyOnce("Access-Control-Allow-Origin").doesNotContain("X-Served");
                    assertThat(answer).as("the station's own for a 503, instead of the server's")
                            .contains("\r\nRetry-After: 30\r\n").containsOnlyOnce("\r\nRetry-After:");
                }
                assertThat(server.context().requests().rejectedCount(503)).isEqualTo(1);

                // One of them sends its request: it is answered, and its place is free for the next.
                RawClient status = idle.remove(0);
                status.send("GET /status-json.xsl HTTP/1.0\r\n\r\n");
                assertThat(status.readHead().status()).isEqualTo(200);
                status.close();
                await().atMost(Duration.ofSeconds(5)).until(() -> gate.pendingFrom(LOOPBACK) == 2);
                try (RawClient next = RawClient.connect(server.port()).send("GET /radio HTTP/1.0\r\n\r\n")) {
                    assertThat(next.readHead().status()).isEqualTo(200);
                }
                for (Capture listener : listeners) {
                    long heard = listener.bytes();
                    await().atMost(Duration.ofSeconds(5)).until(() -> listener.bytes() > heard + 16_000);
                    assertThat(listener.ended()).isFalse();
                    FrameChain.assertChain(listener.data(), true);
                }
            } finally {
                idle.forEach(RawClient::close);
                listeners.forEach(Capture::close);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.pendingFrom(LOOPBACK) == 0);
        }
    }

    @Test
    void theServerTakesNoMoreConnectionsAtOnceThanItsLimit() {
        try (TestServer server = TestServer.start(TestServer.config().withLimits(new ConnectionLimits(4, 0)))) {
            List<RawClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    open.add(RawClient.connect(server.port()));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> server.context().requests().openConnections() == 4);
                try (RawClient refused = RawClient.connect(server.port())) {
                    assertThat(new String(refused.readToEnd(), StandardCharsets.US_ASCII))
                            .startsWith("HTTP/1.0 503 ").contains("Server full: 4 connections open");
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> server.context().requests().openConnections() == 4);
                open.remove(0).close();
                await().atMost(Duration.ofSeconds(5)).until(() -> server.context().requests().openConnections() == 3);
                assertThat(WebClient.get(server.url("/status-json.xsl")).statusCode()).isEqualTo(200);
            } finally {
                open.forEach(RawClient::close);
            }
        }
    }

    @Test
    void aWebPlayerTurnedAwayByAFullServerMayReadThe503AndItsRetryAfter() {
        try (TestServer server = TestServer.start(TestServer.config().withLimits(new ConnectionLimits(1, 0)));
             RawClient held = RawClient.connect(server.port())) {
            await("the one connection is in").atMost(Duration.ofSeconds(5))
                    .until(() -> server.context().requests().openConnections() == 1);
            // Answered as it is accepted, before its request (with its Origin) is read.
            try (RawClient refused = RawClient.connect(server.port())) {
                String answer = new String(refused.readToEnd(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.0 503 ").contains("\r\nRetry-After: 10\r\n")
                        .contains("\r\nAccess-Control-Allow-Origin: *\r\n")
                        .contains("\r\nAccess-Control-Expose-Headers: " + Cors.EXPOSED_HEADERS + ", Retry-After\r\n");
            }
        }
    }

    @Test
    void aConnectionClosedForItsSlowHeadGivesItsPlaceBack() {
        try (TestServer server = TestServer.start(TestServer.config().withLimits(new ConnectionLimits(0, 1)));
             RawClient slow = RawClient.connect(server.port()).send("GET /status-json.xsl HTTP/1.0\r\n")) {
            ConnectionGate gate = server.context().gate();
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.pendingFrom(LOOPBACK) == 1);
            assertThat(slow.closedByServer(10_000)).as("closed by the header timeout").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.pendingFrom(LOOPBACK) == 0);
            assertThat(server.context().requests().rejectedCount(408)).isEqualTo(1);
            assertThat(WebClient.get(server.url("/status-json.xsl")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void idleKeptAliveConnectionsDoNotCountAsWaitingForARequest() {
        try (TestServer server = TestServer.start(TestServer.config().withLimits(new ConnectionLimits(0, 3)))) {
            Mounts.live(server, "/radio", Mounts.info("Jazz FM", "", ""), new AtomicInteger());
            List<RawClient> keptAlive = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawClient viewer = RawClient.connect(server.port());
                    keptAlive.add(viewer);
                    assertThat(statusOverKeptAliveConnection(viewer)).isEqualTo(200);
                }
                await("kept-alive viewers between requests are not waiting for a request")
                        .atMost(Duration.ofSeconds(5)).until(() -> server.context().gate().pendingFrom(LOOPBACK) == 0);
                try (RawClient listener = RawClient.connect(server.port()).send("GET /radio HTTP/1.0\r\n\r\n")) {
                    assertThat(listener.readHead().status()).isEqualTo(200);
                }
                assertThat(statusOverKeptAliveConnection(keptAlive.get(0))).isEqualTo(200);
            } finally {
                keptAlive.forEach(RawClient::close);
            }
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedQuietlyNotCountedAsASlowHead() {
        try (TestServer server = TestServer.start(); RawClient viewer = RawClient.connect(server.port())) {
            assertThat(statusOverKeptAliveConnection(viewer)).isEqualTo(200);
            assertThat(viewer.closedByServer(10_000)).isTrue();
            assertThat(server.context().requests().rejectedCount(408)).isZero();
            await("its place given back").atMost(Duration.ofSeconds(5))
                    .until(() -> server.context().gate().pendingFrom(LOOPBACK) == 0);
        }
    }

    /** Asks for the status page over HTTP/1.1, reads the whole answer, and leaves the connection open. */
    private static int statusOverKeptAliveConnection(RawClient client) {
        client.send("GET /status-json.xsl HTTP/1.1\r\nHost: x\r\n\r\n");
        RawClient.Head head = client.readHead();
        if (head.header("Content-Length") != null) {
            client.readExactly(Integer.parseInt(head.header("Content-Length")));
        }
        return head.status();
    }

    /**
     * One IPv6 host has a whole /64 to pick addresses from: its waiting connections count together, whatever address of
     * the /64 each comes from. IPv4 addresses (also written as IPv4-mapped IPv6) count each on its own.
     */
    @Test
    void waitingConnectionsFromIpv6CountPerSlash64AndFromIpv4PerAddress() throws Exception {
        ConnectionGate gate = new ConnectionGate(400);
        gate.requestAwaited(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2::1"), 5000));
        gate.requestAwaited(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), 5001));
        gate.requestAwaited(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 5002));
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 2};
        gate.requestAwaited(new InetSocketAddress(Inet6Address.getByAddress(null, mapped, null), 5003));

        assertThat(gate.pendingFrom(InetAddress.getByName("2001:db8:1:2::9"))).isEqualTo(2);
        assertThat(gate.pendingFrom(InetAddress.getByName("2001:db8:1:3::1"))).isZero();
        assertThat(gate.pendingFrom(InetAddress.getByName("192.0.2.1"))).isEqualTo(1);
        assertThat(gate.pendingFrom(InetAddress.getByName("192.0.2.3"))).isZero();
        assertThat(gate.pendingFrom(Inet6Address.getByAddress(null, mapped, null))).isEqualTo(1);

        gate.requestEnded(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2::1"), 5000));
        assertThat(gate.pendingFrom(InetAddress.getByName("2001:db8:1:2::9"))).isEqualTo(1);
    }

    @Test
    void withoutAConfiguredLimitTheOpenFilesLimitSetsIt() {
        long openFiles = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        ConnectionGate gate = new ConnectionGate();
        assertThat(gate.fileLimitedConnections()).isPositive()
                .isLessThanOrEqualTo((int) Math.min(Integer.MAX_VALUE, openFiles - ConnectionGate.FILES_KEPT_FREE));
        assertThat(gate.maxConnections(ConnectionLimits.DEFAULT)).isEqualTo(gate.fileLimitedConnections()
                - Math.min(ConnectionGate.MAX_ANSWER_ROOM, gate.fileLimitedConnections() / 8));
        assertThat(new ConnectionGate(400).maxConnections(ConnectionLimits.DEFAULT)).isEqualTo(350);
        assertThat(gate.maxConnections(new ConnectionLimits(50, 0))).isEqualTo(50);
    }

    @Test
    void beyondWhatTheOpenFilesLimitLeavesAConnectionIsClosedAsItIsAccepted() {
        RequestStats stats = new RequestStats();
        EmbeddedChannel port = new EmbeddedChannel(new AcceptGuard(stats, new ConnectionGate(2)));
        List<EmbeddedChannel> accepted = List.of(new EmbeddedChannel(), new EmbeddedChannel(), new EmbeddedChannel());
        accepted.forEach(port::writeInbound);

        assertThat(stats.openConnections()).isEqualTo(2);
        assertThat((Object) port.readInbound()).isSameAs(accepted.get(0));
        assertThat((Object) port.readInbound()).isSameAs(accepted.get(1));
        assertThat((Object) port.readInbound()).as("not handed on").isNull();
        assertThat(accepted.get(2).isOpen()).isFalse();
        assertThat(stats.rejectedCount(0)).isEqualTo(1);

        accepted.get(0).close();
        assertThat(stats.openConnections()).as("a place is free again").isEqualTo(1);
        EmbeddedChannel next = new EmbeddedChannel();
        port.writeInbound(next);
        assertThat((Object) port.readInbound()).isSameAs(next);
        accepted.forEach(EmbeddedChannel::finishAndReleaseAll);
        next.finishAndReleaseAll();
        port.finishAndReleaseAll();
    }
}
