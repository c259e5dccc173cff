package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code HEAD}, as uptime monitors (UptimeRobot's default), link checkers and some players send it: the head a GET would
 * get, with no body, so a kept-alive connection reads the next answer where it starts.
 */
class HeadRequestTest {

    private final TestServer server = TestServer.start();

    @BeforeEach
    void liveMount() {
        Mounts.live(server, "/live", Mounts.info("Jazz FM", "", ""), new AtomicInteger());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/status-json.xsl", "/status.json", "/live.m3u", "/live.pls", "/live.xspf", "/", "/metrics"})
    void readOnlyPagesAnswerHeadWithTheirGetHeadAndNoBody(String path) {
        assertHeadIsGetsHeadWithoutBody(path, "");
    }

    /** Monitors check the admin's read-only pages with HEAD too: the head GET gets, no body, nothing taken as a listener. */
    @ParameterizedTest
    @ValueSource(strings = {"/admin/stats", "/admin/stats.json", "/admin/listmounts", "/admin/listclients?mount=/live"})
    void readOnlyAdminCommandsAnswerHeadWithTheirGetHeadAndNoBody(String path) {
        assertHeadIsGetsHeadWithoutBody(path, "Authorization: " + RawSource.basic("admin", TestServer.ADMIN_PASSWORD) + "\r\n");
    }

    /** HEAD of {@code path} (with {@code headers}) gets GET's head, and the next answer on the connection follows it at once. */
    private void assertHeadIsGetsHeadWithoutBody(String path, String headers) {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
            RawClient.Head get = client.readHead();
            client.readExactly(Integer.parseInt(get.header("content-length")));

            client.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\nGET /live.m3u HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-type")).isEqualTo(get.header("content-type"));
            assertThat(Integer.parseInt(head.header("content-length"))).isPositive();
            RawClient.Head next = client.readHead();
            assertThat(next.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(new String(client.readExactly(Integer.parseInt(next.header("content-length"))),
                    StandardCharsets.UTF_8)).startsWith("#EXTM3U");
        }
    }

    @Test
    void aRefusalOfHeadHasNoBody() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("HEAD /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(404);
            assertThat(client.readToEnd()).isEmpty();
        }
    }

    @Test
    void headDoesNotRunAdminCommands() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("HEAD /admin/killsource?mount=/live HTTP/1.1\r\nHost: x\r\nAuthorization: "
                    + RawSource.basic("admin", TestServer.ADMIN_PASSWORD) + "\r\n\r\n");
            assertThat(client.readHead().status()).isIn(404, 405);
        }
        assertThat(server.context().mounts().find("/live")).isNotNull();
    }
}
