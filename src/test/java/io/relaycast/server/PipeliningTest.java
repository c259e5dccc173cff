package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Requests a client sends one after another on a connection without waiting (HTTP/1.1 pipelining) are answered in the
 * order they came, whatever answers them: an endpoint on the event loop or off it, a listener, a refusal. Real sockets.
 */
class PipeliningTest {

    private static final String STATUS = "GET /status-json.xsl HTTP/1.1\r\nHost: x\r\n\r\n";

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
