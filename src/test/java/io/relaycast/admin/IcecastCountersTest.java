package io.relaycast.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Icecast 2.4.4's connection counters in {@code /admin/stats}, moved by real connections: each stats request here is a
 * connection of its own (HTTP/1.0), so it counts in {@code connections} and {@code client_connections} and is open
 * ({@code clients}) while it is answered.
 */
class IcecastCountersTest {

    @TempDir
    Path dir;

    @Test
    void connectionCountersFollowSourcesListenersAndRequests() {
        List<byte[]> frames = TestAudio.toneFrames(dir, 2);
        try (TestServer server = TestServer.start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> count(stats(server), "clients") == 1);
            Document before = stats(server);
            try (RawClient source = RawSource.open(server.port(), "/live").send(TestAudio.concat(frames))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> server.context().mounts().find("/live") != null
                        && server.context().mounts().find("/live").isListenable());
                RawClient first = listener(server);
                RawClient second = listener(server);
                RawClient page = RawClient.connect(server.port()).send("GET / HTTP/1.0\r\n\r\n");
                assertThat(page.readHead().status()).isEqualTo(200);
                page.readToEnd();
                page.close();

                Document during = stats(server);

                assertThat(delta(before, during, "connections")).as("source, 2 listeners, page, this request").isEqualTo(5);
                assertThat(delta(before, during, "client_connections")).as("all but the source").isEqualTo(4);
                assertThat(delta(before, during, "file_connections")).as("the page").isEqualTo(1);
                assertThat(delta(before, during, "listener_connections")).isEqualTo(2);
                assertThat(delta(before, during, "source_client_connections")).isEqualTo(1);
                assertThat(count(during, "source_relay_connections")).isZero();
                assertThat(count(during, "source_total_connections")).isEqualTo(1);
                assertThat(count(during, "sources")).isEqualTo(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> count(stats(server), "clients") == 4);
                assertThat(XmlDocs.text(stats(server), "/icestats/source[@mount='/live']/slow_listeners")).isEqualTo("0");
                first.close();
                second.close();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> count(stats(server), "clients") == 1);
            Document after = stats(server);
            assertThat(count(after, "listeners")).isZero();
            assertThat(delta(before, after, "listener_connections")).as("counted since the start").isEqualTo(2);
        }
    }

    @Test
    void aRelayCountsAsARelayConnectionNotAsASourceClient() {
        List<byte[]> frames = TestAudio.toneFrames(dir, 20);
        try (TestServer origin = TestServer.start(); RawClient source = RawSource.open(origin.port(), "/live")) {
            source.send(TestAudio.concat(frames.subList(0, 200)));
            MountConfig relayed = MountConfig.builder("/relayed").relay(URI.create(origin.url("/live"))).build();
            try (TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(relayed)))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> count(stats(relay), "source_relay_connections") == 1);
                Document stats = stats(relay);

                assertThat(count(stats, "source_client_connections")).isZero();
                assertThat(count(stats, "source_total_connections")).isEqualTo(1);
                assertThat(count(stats(origin), "source_client_connections")).isEqualTo(1);
                assertThat(count(stats(origin), "source_relay_connections")).isZero();
            }
        }
    }

    @Test
    void aMountWithListenerLoginsNamesItsAuthenticatorAsIcecastDoes() throws Exception {
        Path users = Files.writeString(dir.resolve("users.htpasswd"), "");
        MountConfig members = MountConfig.builder("/members")
                .listeners(ListenerRules.builder().auth(ListenerAuth.usersFile(users)).build()).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(members)))) {
            Mounts.live(server, "/members", Mounts.info("M", "", ""), new AtomicInteger());
            Mounts.live(server, "/open", Mounts.info("O", "", ""), new AtomicInteger());

            Document stats = stats(server);
            String status = WebClient.get(server.url("/status-json.xsl")).body();

            assertThat(XmlDocs.text(stats, "/icestats/source[@mount='/members']/authenticator")).isEqualTo("htpasswd");
            assertThat(XmlDocs.count(stats, "/icestats/source[@mount='/open']/authenticator")).isZero();
            assertThat(status).as("public, as in Icecast").contains("\"authenticator\":\"htpasswd\"");
        }
    }

    private static RawClient listener(TestServer server) {
        RawClient client = RawClient.connect(server.port()).send("GET /live HTTP/1.0\r\n\r\n");
        assertThat(client.readHead().status()).isEqualTo(200);
        return client;
    }

    private static Document stats(TestServer server) {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /admin/stats HTTP/1.0\r\nAuthorization: " + WebClient.admin() + "\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(200);
            return XmlDocs.parse(new String(client.readToEnd(), StandardCharsets.UTF_8));
        }
    }

    private static long count(Document stats, String name) {
        return Long.parseLong(XmlDocs.text(stats, "/icestats/" + name));
    }

    private static long delta(Document before, Document after, String name) {
        return count(after, name) - count(before, name);
    }
}
