package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.config.AccessLists;
import io.relaycast.config.ConnectionLimits;
import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.source.SourceIngestHandler;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FormServer;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.ReverseProxy;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A station behind a reverse proxy (real nginx, real HAProxy) with {@code --trusted-proxy 127.0.0.1}: the listener is
 * the client the proxy names, in the listener list and the access log and to the allow list, while the proxy itself,
 * not on the allow list, is let in for its clients; nobody else's word on an address is taken. Clients come from other
 * loopback addresses (127.0.0.2 and up), as from other machines.
 */
class ReverseProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOWED = "127.0.0.2";
    private static final String ALSO_ALLOWED = "127.0.0.4";
    private static final String NOT_ALLOWED = "127.0.0.3";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static ReverseProxy nginx;
    private static ReverseProxy haproxy;

    @BeforeAll
    static void start() throws IOException {
        Path allow = Files.writeString(dir.resolve("allow.txt"), ALLOWED + "\n" + ALSO_ALLOWED + "\n");
        // Audio flows, so a proxy finds out that its client left at its next write, as it does on the air.
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 20, 128, 440);
        server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/live", music)))
                .withAccess(new AccessLists(null, allow, List.of("127.0.0.1"))));
        nginx = ReverseProxy.nginx(dir, server.port());
        haproxy = ReverseProxy.haproxy(dir, server.port());
    }

    @AfterAll
    static void stop() {
        nginx.close();
        haproxy.close();
        server.close();
    }

    @Test
    void behindNginxTheListenerIsTheClientItForwardsForInTheListAndTheAccessLog() {
        try (LoggedWarnings access = LoggedWarnings.of("relaycast.access")) {
            try (RawClient listener = listen(RawClient.connectFrom(ALLOWED, nginx.port()), "")) {
                assertThat(listenerAddresses()).containsExactly(ALLOWED);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> access.first(Level.INFO, ALLOWED + " - - [", "GET /live") != null);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> listenerAddresses().isEmpty());
    }

    @Test
    void anAddressTheListenerWroteIntoTheHeaderItselfIsNotTaken() {
        try (RawClient listener = listen(RawClient.connectFrom(ALSO_ALLOWED, nginx.port()),
                "X-Forwarded-For: 198.51.100.7\r\n")) {
            assertThat(listenerAddresses()).containsExactly(ALSO_ALLOWED);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> listenerAddresses().isEmpty());
    }

    @Test
    void aClientOffTheAllowListIsRefusedBehindTheProxy() {
        long refusedBefore = server.context().requests().rejectedCount(0);
        try (RawClient refused = RawClient.connectFrom(NOT_ALLOWED, nginx.port())) {
            refused.send("GET /live HTTP/1.1\r\nHost: radio.example.org\r\n\r\n");
            assertThat(refused.readHead().status()).as("nginx's answer when we close unanswered").isEqualTo(502);
        }
        assertThat(server.context().requests().rejectedCount(0)).isGreaterThan(refusedBefore);
        try (RawClient proxyItself = RawClient.connect(server.port())) {
            proxyItself.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(proxyItself.closedByServer(5000)).as("the proxy naming nobody is the client, not allowed").isTrue();
        }
        assertThat(listenerAddresses()).isEmpty();
    }

    @Test
    void linksHandedOutBehindAProxyThatEndsHttpsAreHttps() {
        assertThat(get(nginx.port(), "/live.m3u", "")).contains("https://radio.example.org:" + nginx.port() + "/live");
        assertThat(get(server.port(), "/live.m3u", "")).as("directly, over HTTP").contains("http://radio.example.org/live");
    }

    @Test
    void aClientsOwnForwardedForIsIgnoredAndTheAllowListStillHoldsForIt() {
        try (RawClient listener = listen(RawClient.connectFrom(ALLOWED, server.port()), "X-Forwarded-For: 198.51.100.7\r\n")) {
            assertThat(listenerAddresses()).containsExactly(ALLOWED);
        }
        try (RawClient refused = RawClient.connectFrom(NOT_ALLOWED, server.port())) {
            refused.send("GET /live HTTP/1.0\r\nX-Forwarded-For: " + ALLOWED + "\r\n\r\n");
            assertThat(refused.closedByServer(5000)).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> listenerAddresses().isEmpty());
    }

    @Test
    void behindHaproxyTheClientIsTheOneItsProxyHeaderNamesInVersion1And2() {
        try (RawClient listener = listen(RawClient.connectFrom(ALLOWED, haproxy.port()), "");
             RawClient source = RawClient.connectFrom(ALSO_ALLOWED, haproxy.secondPort())) {
            assertThat(listenerAddresses()).containsExactly(ALLOWED);
            source.send("SOURCE /show HTTP/1.0\r\nAuthorization: " + RawSource.basic("source", TestServer.SOURCE_PASSWORD)
                    + "\r\nContent-Type: audio/mpeg\r\n\r\n");
            assertThat(source.readHead().status()).isEqualTo(200);
            assertThat(sourceAddress("/show")).isEqualTo(ALSO_ALLOWED);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> listenerAddresses().isEmpty());
    }

    @Test
    void haproxysClientsOffTheAllowListAreClosedUnanswered() {
        for (int port : new int[] {haproxy.port(), haproxy.secondPort()}) {
            try (RawClient refused = RawClient.connectFrom(NOT_ALLOWED, port)) {
                refused.send("GET /live HTTP/1.0\r\n\r\n");
                assertThat(refused.closedByServer(5000)).as("port " + port).isTrue();
            }
        }
        assertThat(listenerAddresses()).isEmpty();
    }

    @Test
    void aProxyHeaderFromAnyoneElseIsNotRead() {
        try (RawClient client = RawClient.connectFrom(ALLOWED, server.port())) {
            client.send("PROXY TCP4 " + ALSO_ALLOWED + " 127.0.0.1 40000 8000\r\nGET /live HTTP/1.0\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(400);
        }
        assertThat(listenerAddresses()).isEmpty();
    }

    @Test
    void theAuthenticationBackendIsToldTheAddressTheProxyNamed() {
        try (FormServer backend = FormServer.start(form -> Map.of("icecast-auth-user", "1"))) {
            MountConfig members = MountConfig.builder("/members")
                    .listeners(ListenerRules.builder()
                            .auth(new ListenerAuth(null, URI.create(backend.url("/auth/add")), null)).build())
                    .build();
            try (TestServer open = TestServer.start(TestServer.config().withMounts(List.of(members))
                    .withAccess(new AccessLists(null, null, List.of("127.0.0.1"))));
                 ReverseProxy proxy = ReverseProxy.nginx(dir.resolve("members"), open.port());
                 RawClient listener = RawClient.connectFrom(ALLOWED, proxy.port())) {
                listener.send("GET /members HTTP/1.1\r\nHost: radio.example.org\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                assertThat(backend.posts()).singleElement().satisfies(post -> assertThat(post)
                        .containsEntry("action", "listener_add").containsEntry("ip", ALLOWED));
            }
        }
    }

    @Test
    void anEncoderSentThroughAnHttpProxyIsDroppedWithAWarningThatSaysWhy() {
        try (TestServer open = TestServer.start(TestServer.config().withAccess(new AccessLists(null, null,
                List.of("127.0.0.1"))));
             ReverseProxy proxy = ReverseProxy.nginx(dir.resolve("open"), open.port());
             LoggedWarnings warnings = LoggedWarnings.of(SourceIngestHandler.class);
             Programs.Running dj = Ffmpeg.liveSource(dir, "icecast://source:" + TestServer.SOURCE_PASSWORD + "@127.0.0.1:"
                     + proxy.port() + "/dj", 30, 440)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> warnings.first("source", "came through the HTTP proxy") != null);
            assertThat(warnings.first("source", "on /dj sent nothing for 3 s: dropped")).isNotNull();
        }
    }

    @Test
    void theLimitOnConnectionsWaitingForARequestIsPerClientTheProxyNamesNotOnTheProxy() throws Exception {
        InetAddress client = InetAddress.getByName(ALLOWED);
        InetAddress proxyAddress = InetAddress.getByName("127.0.0.1");
        try (TestServer limited = TestServer.start(TestServer.config().withLimits(new ConnectionLimits(0, 2))
                .withMounts(List.of(MountConfig.withPlaylist("/live", dir.resolve("music"))))
                .withAccess(new AccessLists(null, null, List.of("127.0.0.1"))));
             ReverseProxy proxy = ReverseProxy.haproxy(dir.resolve("limited"), limited.port());
             RawClient firstIdle = RawClient.connectFrom(ALLOWED, proxy.port());
             RawClient secondIdle = RawClient.connectFrom(ALLOWED, proxy.secondPort())) {
            ConnectionGate gate = limited.context().gate();
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.pendingFrom(client) == 2);
            assertThat(gate.pendingFrom(proxyAddress)).as("the proxy's own address").isZero();

            try (RawClient third = RawClient.connectFrom(ALLOWED, proxy.port())) {
                assertThat(new String(third.readToEnd(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.0 503 ")
                        .contains("Too many connections from " + ALLOWED + " waiting to send a request");
            }
            // Everybody else behind the same proxy is let in, and a listener who is in no longer counts.
            try (RawClient other = listen(RawClient.connectFrom(ALSO_ALLOWED, proxy.port()), "")) {
                assertThat(gate.pendingFrom(InetAddress.getByName(ALSO_ALLOWED))).isZero();
            }
            listen(firstIdle, "");
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.pendingFrom(client) == 1);
            try (RawClient next = listen(RawClient.connectFrom(ALLOWED, proxy.port()), "")) {
                assertThat(gate.pendingFrom(client)).isEqualTo(1);
            }
        }
    }

    @Test
    void aShoutcastEncoderBehindHaproxyIsTheClientItsHeaderNamesAndTheProxyAloneIsCheckedAsItself() throws Exception {
        try (TestServer shoutcast = TestServer.start(TestServer.config().withShoutcastMount("/sc")
                .withAccess(new AccessLists(null, dir.resolve("allow.txt"), List.of("127.0.0.1"))));
             ReverseProxy proxy = ReverseProxy.haproxy(dir.resolve("shoutcast"), shoutcast.server().shoutcastPort())) {
            try (RawClient encoder = RawClient.connectFrom(ALLOWED, proxy.secondPort())) {
                encoder.send(TestServer.SOURCE_PASSWORD + "\r\ncontent-type:audio/mpeg\r\n\r\n");
                String accepted = "OK2\r\nicy-caps:11\r\n\r\n";
                assertThat(new String(encoder.readExactly(accepted.length()), StandardCharsets.US_ASCII)).isEqualTo(accepted);
                await().atMost(Duration.ofSeconds(5)).until(() -> shoutcast.context().mounts().find("/sc") != null
                        && shoutcast.context().mounts().find("/sc").liveSource() != null);
                assertThat(shoutcast.context().mounts().find("/sc").liveSource().remote())
                        .hasToString("/" + ALLOWED + ":" + ((InetSocketAddress) encoder.socket().getLocalSocketAddress())
                                .getPort());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> shoutcast.context().mounts().find("/sc") == null
                    || shoutcast.context().mounts().find("/sc").liveSource() == null);
            // The right password, but closed unanswered: not even "invalid password".
            try (RawClient refused = RawClient.connectFrom(NOT_ALLOWED, proxy.port())) {
                refused.send(TestServer.SOURCE_PASSWORD + "\r\n");
                assertThat(refused.readToEnd()).as("named by the proxy, off the allow list").isEmpty();
            }
            try (RawClient proxyItself = RawClient.connect(shoutcast.server().shoutcastPort())) {
                proxyItself.send(TestServer.SOURCE_PASSWORD + "\r\n");
                assertThat(proxyItself.readToEnd()).as("the proxy naming nobody, off the allow list").isEmpty();
            }
        }
    }

    /** Sends a listener's request for /live with {@code extraHeaders} and reads the answer's head: 200. */
    private static RawClient listen(RawClient client, String extraHeaders) {
        client.send("GET /live HTTP/1.1\r\nHost: radio.example.org\r\n" + extraHeaders + "\r\n");
        assertThat(client.readHead().status()).isEqualTo(200);
        return client;
    }

    /** The listeners' addresses, as the admin's listclients shows them. */
    private static List<String> listenerAddresses() {
        JsonNode clients = admin("/admin/listclients.json?mount=/live").get("clients");
        return clients.findValuesAsText("ip");
    }

    private static String sourceAddress(String mount) {
        for (JsonNode source : admin("/admin/stats.json").get("icestats").get("source")) {
            if (source.get("listenurl").asText().endsWith(mount)) {
                return source.get("source_ip").asText();
            }
        }
        return null;
    }

    /** The admin's answer to {@code path}, asked from an allowed address (the proxy's own is not on the allow list). */
    private static JsonNode admin(String path) {
        String answer = get(server.port(), path, "Authorization: " + WebClient.admin() + "\r\n");
        try {
            return JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole answer, head and body, to a GET of {@code path} on {@code port} from an allowed address. */
    private static String get(int port, String path, String extraHeaders) {
        try (RawClient client = RawClient.connectFrom(ALLOWED, port)) {
            client.send("GET " + path + " HTTP/1.0\r\nHost: radio.example.org\r\n" + extraHeaders + "\r\n");
            return new String(client.readToEnd(), StandardCharsets.UTF_8);
        }
    }
}
