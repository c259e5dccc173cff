package io.relaycast.server;

import static io.relaycast.testing.RawSource.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ConnectionLimits;
import io.relaycast.mount.Mount;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken clients get a precise answer or a close, and cost nothing else: a listener connected throughout
 * keeps receiving clean, real-time audio.
 */
class BadInputTest {

    private static final String FLOOD = "aFloodOfIdleConnectionsFromOneAddressStopsAtItsLimitAndTheListenerHearsNothingOfIt";

    @TempDir
    Path dir;

    private TestServer server;
    private Programs.Running source;
    private RawClient bystander;
    private Capture bystanderAudio;
    private long receivedAtStart;

    @BeforeEach
    void startStationWithOneListener(TestInfo test) {
        server = TestServer.start(test.getTestMethod().map(Method::getName).filter(FLOOD::equals).isPresent()
                // The flood's idle connections must outlast it, however long it takes on a loaded machine.
                ? TestServer.config().toBuilder().headerTimeout(Duration.ofSeconds(30)).build() : TestServer.config());
        source = Ffmpeg.liveSource(dir, server.icecastUrl("/live"), 60, 440);
        await().atMost(Duration.ofSeconds(10)).until(() -> mount() != null && mount().format() != null);
        bystander = RawClient.connect(server.port());
        bystander.send("GET /live HTTP/1.0\r\n\r\n");
        assertThat(bystander.readHead().status()).isEqualTo(200);
        bystanderAudio = Capture.of(bystander);
        await().atMost(Duration.ofSeconds(5)).until(() -> bystanderAudio.bytes() > 0);
        receivedAtStart = mount().stats().bytesReceived();
    }

    @AfterEach
    void bystanderWasNotDisturbed() {
        try {
            // Real time is the source's: ffmpeg's -re falls behind the wall clock on a loaded machine.
            long received = mount().stats().bytesReceived() - receivedAtStart;
            assertThat(bystanderAudio.ended()).isFalse();
            assertThat(bystanderAudio.bytes()).as("the audio the source sent meanwhile").isGreaterThan((long) (received * 0.8));
            FrameChain.assertChain(bystanderAudio.data(), true);
        } finally {
            bystanderAudio.close();
            source.close();
            server.close();
        }
    }

    @Test
    void garbageBytesGet400AndAClose() {
        byte[] garbage = new byte[2048];
        new Random(1).nextBytes(garbage);
        garbage[0] = 0x01;
        try (RawClient client = RawClient.connect(server.port())) {
            client.send(garbage);
            assertThat(client.readHead().status()).isEqualTo(400);
            assertThat(client.closedByServer(3000)).isTrue();
        }
    }

    @Test
    void aFloodOfIdleConnectionsFromOneAddressStopsAtItsLimitAndTheListenerHearsNothingOfIt() {
        ConnectionGate gate = server.context().gate();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int limit = ConnectionLimits.DEFAULT_MAX_PENDING_PER_ADDRESS;
        List<RawClient> flood = new ArrayList<>();
        try {
            for (int i = 0; i < limit + 30; i++) {
                flood.add(RawClient.connect(server.port()));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.context().requests().rejectedCount(503) == 30);
            assertThat(gate.pendingFrom(loopback)).isEqualTo(limit);
            // The gate counts a refusal before its 503 is written: the last ones may still be on their way.
            await("the refused connections closed").atMost(Duration.ofSeconds(10)).until(() -> closedCount(flood) >= 30);
            assertThat(closedCount(flood)).isEqualTo(30);
        } finally {
            flood.forEach(RawClient::close);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.pendingFrom(loopback) == 0);
        try (RawClient listener = RawClient.connect(server.port()).send("GET /live HTTP/1.0\r\n\r\n")) {
            assertThat(listener.readHead().status()).isEqualTo(200);
        }
    }

    @Test
    void aTlsHelloOnThePlainPortIsClosed() {
        byte[] clientHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
        try (RawClient client = RawClient.connect(server.port())) {
            client.send(clientHello);
            assertThat(client.closedByServer(3000)).isTrue();
        }
    }

    @Test
    void malformedRequestLinesAndUnknownMethodsGetPreciseStatuses() {
        assertThat(statusOf("GET /live\r\n\r\n")).isEqualTo(400);
        assertThat(statusOf("GET /live HTTP/9.9 extra\r\n\r\n")).isEqualTo(400);
        assertThat(statusOf("DELETE /live HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(405);
        assertThat(statusOf("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(405);
    }

    @Test
    void oversizedRequestLinesAndHeadersGet414And431() {
        assertThat(statusOf("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(414);
        assertThat(statusOf("GET /live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n")).isEqualTo(431);
    }

    @Test
    void pathTricksGet400() {
        assertThat(statusOf("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(400);
        assertThat(statusOf("GET /%2e%2e/secret HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(400);
        assertThat(statusOf("GET http://evil/../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(400);
        assertThat(statusOf("GET ftp://evil/live HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void anInvalidPercentEscapeInThePathGets400() {
        assertThat(statusOf("GET /%ZZ HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(400);
        assertThat(statusOf("SOURCE /li%4 HTTP/1.0\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                + "\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void badBase64FromASourceGets401() {
        assertThat(statusOf("SOURCE /other HTTP/1.0\r\nAuthorization: Basic ***\r\n\r\n")).isEqualTo(401);
    }

    @Test
    void aClientTricklingItsHeadIsClosedAtTheHeaderTimeout() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /live HTTP/1.1\r\n");
            client.send("Host: x\r\n");
            long start = System.nanoTime();
            assertThat(client.closedByServer(10_000)).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).as("closed at the 3 s header timeout").isBetween(1.5, 6.0);
        }
        assertThat(server.context().requests().rejectedCount(408)).isEqualTo(1);
    }

    @Test
    void aRequestBodyThatNeverCompletesIsClosedAtTheHeaderTimeout() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /status.json HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789");
            long start = System.nanoTime();
            assertThat(client.closedByServer(10_000)).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).as("closed at the 3 s header timeout").isBetween(1.5, 6.0);
        }
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /status.json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n01234");
            assertThat(client.closedByServer(10_000)).isTrue();
        }
        assertThat(server.context().requests().rejectedCount(408)).isEqualTo(2);
    }

    @Test
    void aClientToldItsBodyIsTooLargeIsNotKeptOpen() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /status.json HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(413);
            assertThat(client.closedByServer(10_000)).isTrue();
        }
    }

    @Test
    void aClientExpectingToSendATooLargeBodyIsAnswered413AndCounted() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /status.json HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 999999999\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(413);
        }
        assertThat(server.context().requests().rejectedCount(413)).isEqualTo(1);
    }

    @Test
    void aClientStillUploadingATooLargeBodyReadsThe413NotAReset() {
        byte[] body = new byte[32 * 1024 * 1024];
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /status.json HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");
            client.send(body);
            assertThat(client.readHead().status()).isEqualTo(413);
        }
    }

    @Test
    void aSourceSendingGarbageInsteadOfAudioNeverReachesListeners() {
        byte[] noise = new byte[64 * 1024];
        new Random(2).nextBytes(noise);
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("SOURCE /noise HTTP/1.0\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                    + "\r\nContent-Type: audio/mpeg\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(200);
            client.send(noise);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.context().mounts().find("/noise").stats().resyncDropped()
                    > 60_000);
            assertThat(server.context().mounts().find("/noise").stats().framesReceived()).isZero();
        }
    }

    private static long closedCount(List<RawClient> clients) {
        return clients.stream().filter(client -> client.closedByServer(1)).count();
    }

    private Mount mount() {
        return server.context().mounts().find("/live");
    }

    private int statusOf(String request) {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send(request.getBytes(StandardCharsets.ISO_8859_1));
            return client.readHead().status();
        }
    }
}
