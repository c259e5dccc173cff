package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SilentFrames;
import io.relaycast.testing.FormServer;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests a client sends one after another on a connection without waiting (HTTP/1.1 pipelining) are answered in the
 * order they came, whatever answers them: an endpoint on the event loop or off it, a listener, a refusal. Real sockets.
 */
class PipeliningTest {

    private static final String STATUS = "GET /status-json.xsl HTTP/1.1\r\nHost: x\r\n\r\n";
    /** The most answer bytes one connection may have queued: its write buffer's high water mark, and an answer more. */
    private static final long QUEUED_AT_MOST = 128 * 1024;

    @Test
    void aMissingPathAskedForAfterTheStatusPageIsAnsweredAfterIt() {
        try (TestServer server = TestServer.start(); RawClient client = RawClient.connect(server.port())) {
            client.send(STATUS + "GET /nosuch HTTP/1.1\r\nHost: x\r\n\r\n");

            assertStatusPage(client);
            assertThat(client.readHead().status()).isEqualTo(404);
        }
    }

    @Test
    void aStreamAskedForAfterTheStatusPageStartsAfterIt() {
        try (TestServer server = TestServer.start(); RawClient client = RawClient.connect(server.port())) {
            Mounts.live(server, "/live", Mounts.info("Jazz FM", "", ""), new AtomicInteger());
            client.send(STATUS + "GET /live HTTP/1.1\r\nHost: x\r\n\r\n");

            assertStatusPage(client);
            RawClient.Head stream = client.readHead();
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).isEqualTo("audio/mpeg");
        }
    }

    @Test
    void requestsAfterAStatusPageAreAnsweredInOrderOnTheLoopAndOffIt() {
        try (TestServer server = TestServer.start(); RawClient client = RawClient.connect(server.port())) {
            client.send(STATUS + "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n" + STATUS + "GET /nosuch HTTP/1.1\r\nHost: x\r\n\r\n");

            assertStatusPage(client);
            RawClient.Head options = client.readHead();
            assertThat(options.header("Allow")).contains("SOURCE");
            skipBody(client, options);
            assertStatusPage(client);
            assertThat(client.readHead().status()).isEqualTo(404);
        }
    }

    @Test
    void aPipelinedRequestWhoseBodyNeverCompletesIsStillClosedInTime() {
        try (TestServer server = TestServer.start(); RawClient client = RawClient.connect(server.port())) {
            client.send(STATUS + "GET /status-json.xsl HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");

            assertStatusPage(client);
            assertThat(client.closedByServer(10_000)).isTrue();
        }
    }

    /**
     * A client that pipelines request after request and never reads the answers has only a few queued for it (each
     * further request waits unread); once it reads, every request is answered, in order; listeners meanwhile keep
     * listening. {@code count} of them are far more answers than the kernel's socket buffers hold: without a limit they
     * would queue in the server's memory, hundreds of bytes each.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "OPTIONS * HTTP/1.1|Host: x||; 30000; 200",
        "SOURCE /live HTTP/1.1|Host: x|Content-Length: 0||; 30000; 401",
        "GET /status-json.xsl HTTP/1.1|Host: x||; 10000; 200",
    })
    void aClientPipeliningRequestsWithoutReadingHasFewAnswersQueuedAndTheRestOnceItReads(String lines, int count,
                                                                                       int status) {
        String request = lines.replace("|", "\r\n");
        try (TestServer server = TestServer.start(TestServer.config().toBuilder().headerTimeout(Duration.ofSeconds(60))
                .build()); RawClient client = RawClient.connect(server.port(), 4096)) {
            Mount mount = Mounts.live(server, "/radio", Mounts.info("Jazz FM", "", ""), new AtomicInteger());
            Channel connection = serverSide(server, client.socket().getLocalSocketAddress());
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> client.send(request.repeat(count)
                    + "GET /nosuch HTTP/1.1\r\nHost: x\r\n\r\n"));

            await("the kernel's buffers full, answers queue in the server").atMost(Duration.ofSeconds(60))
                    .until(() -> !connection.isWritable());
            await("a few answers queued, and no more").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> queued(connection) <= QUEUED_AT_MOST);
            try (RawClient listener = RawClient.listening(server.port(), "/radio")) {
                publishSilence(mount, 40);
                assertThat(listener.readExactly(1_000)).hasSize(1_000);
            }

            String answers = new String(client.readToEnd(), StandardCharsets.ISO_8859_1);
            assertThat(Pattern.compile("HTTP/1.1 " + status + " ").matcher(answers).results().count()).isEqualTo(count);
            assertThat(answers.substring(answers.lastIndexOf("HTTP/1.1 "))).startsWith("HTTP/1.1 404 ");
            sent.join();
        }
    }

    /**
     * A client that pipelines requests and never reads any answer is closed after the header timeout, as an idle one is:
     * while its requests wait for room no other timer runs, and it would hold a connection place for good.
     */
    @Test
    void aClientThatNeverReadsItsPipelinedAnswersIsClosedAfterTheHeaderTimeout() {
        try (TestServer server = TestServer.start(TestServer.config().toBuilder().headerTimeout(Duration.ofSeconds(2))
                .build()); RawClient client = RawClient.connect(server.port(), 4096)) {
            Channel connection = serverSide(server, client.socket().getLocalSocketAddress());
            CompletableFuture.runAsync(() -> client.send(STATUS.repeat(10_000))).exceptionally(closed -> null);

            await("the kernel's buffers full, requests wait for room").atMost(Duration.ofSeconds(60))
                    .until(() -> !connection.isWritable());
            await("the connection closed").atMost(Duration.ofSeconds(15)).until(() -> !connection.isActive());
        }
    }

    /**
     * A client that keeps sending requests after its listener request, while the listener authentication backend is
     * asked, is no longer read (each request read would be remembered for the access log until the stream starts);
     * once the backend lets it in, it listens, and the connection is read again.
     */
    @Test
    void requestsSentBehindAListenerWaitingForItsBackendStopTheReadingUntilItIsLetIn() {
        try (FormServer backend = FormServer.start(form -> Map.of("icecast-auth-user", "1"));
             TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.builder("/premium")
                     .listeners(ListenerRules.builder().auth(new ListenerAuth(null, URI.create(backend.url("/add")),
                             URI.create(backend.url("/remove")))).build()).build())));
             RawClient client = RawClient.connect(server.port())) {
            Runnable answer = backend.holdAnswers();
            Channel connection = serverSide(server, client.socket().getLocalSocketAddress());
            client.send("GET /premium HTTP/1.1\r\nHost: x\r\n\r\n");
            await("the backend asked").atMost(Duration.ofSeconds(10)).until(() -> !backend.posts().isEmpty());
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> client.send("GET / HTTP/1.1\r\n\r\n"
                    .repeat(20_000))).exceptionally(closed -> null);

            await("the connection no longer read").atMost(Duration.ofSeconds(10))
                    .until(() -> !connection.config().isAutoRead());
            answer.run();
            assertThat(client.readHead().status()).isEqualTo(200);
            assertThat(client.readExactly(16_000)).hasSize(16_000);
            await("the listener's connection read again").atMost(Duration.ofSeconds(10))
                    .until(() -> connection.config().isAutoRead() && sent.isDone());
        }
    }

    private static Channel serverSide(TestServer server, SocketAddress client) {
        await("the server has the connection").atMost(Duration.ofSeconds(5)).until(() -> server.server().connections()
                .stream().anyMatch(channel -> client.equals(channel.remoteAddress())));
        return server.server().connections().stream().filter(channel -> client.equals(channel.remoteAddress()))
                .findFirst().orElseThrow();
    }

    /** The bytes written to {@code channel} and not yet taken by its socket. */
    private static long queued(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    private static void publishSilence(Mount mount, int frames) {
        FrameHeader format = SilentFrames.defaultFormat();
        byte[] frame = SilentFrames.silentFrame(format);
        for (int i = 0; i < frames; i++) {
            mount.publish(PipeliningTest.class, new Mp3Frame(format, Unpooled.wrappedBuffer(frame)));
        }
    }

    private static void assertStatusPage(RawClient client) {
        RawClient.Head head = client.readHead();
        assertThat(head.status()).isEqualTo(200);
        assertThat(new String(skipBody(client, head), StandardCharsets.UTF_8)).contains("\"icestats\"");
    }

    private static byte[] skipBody(RawClient client, RawClient.Head head) {
        String length = head.header("Content-Length");
        return length == null ? new byte[0] : client.readExactly(Integer.parseInt(length));
    }
}
