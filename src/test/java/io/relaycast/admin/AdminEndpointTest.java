package io.relaycast.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.http.RequestPath;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.status.StatusReport;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

class AdminEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestServer server = TestServer.start();
    private final AtomicInteger sourceDisconnects = new AtomicInteger();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/stats", "/admin/listmounts", "/admin/listclients?mount=/live",
        "/admin/killclient?mount=/live&id=1", "/admin/killsource?mount=/live", "/admin/moveclients?mount=/live&destination=/b",
        "/admin/stats.json", "/admin/playlist?mount=/live", "/admin/skip?mount=/live", "/admin/queue?mount=/live&track=x",
        "/admin/rescan?mount=/live"})
    void everyCommandAsksForALoginWithoutOrWithWrongCredentials(String path) {
        HttpResponse<String> none = WebClient.get(server.url(path));
        HttpResponse<String> wrong = WebClient.get(server.url(path), "Authorization", WebClient.basic("admin", "nope"));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic realm=");
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/stats", "/admin/stats.json", "/admin/listmounts", "/admin/listclients?mount=/live",
        "/admin/playlist?mount=/live", "/admin/reloadconfig"})
    void commandsThatOnlyReadOrWaitForAReloadAreAnsweredOffTheEventLoops(String uri) {
        // listclients with 12,000 listeners took 200-270 ms: audio on the loop would wait that long.
        assertThat(endpoint().answersOffLoop(null, RequestPath.parse(uri))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/killclient?mount=/live&id=1", "/admin/killsource?mount=/live",
        "/admin/moveclients?mount=/live&destination=/b", "/admin/skip?mount=/live", "/admin/queue?mount=/live&track=x",
        "/admin/rescan?mount=/live", "/admin/manageauth?mount=/live", "/admin/fallbacks"})
    void theOtherCommandsRunOnTheConnectionsEventLoop(String uri) {
        assertThat(endpoint().answersOffLoop(null, RequestPath.parse(uri))).isFalse();
    }

    /** Icecast 2.4 still answers its old name for the stats, which scripts and monitoring plugins ask for. */
    @Test
    void statsXmlIsIcecastsOldNameForStats() {
        Mounts.live(server, "/live", Mounts.info("Jazz FM", "", ""), sourceDisconnects);

        HttpResponse<String> stats = get("/admin/stats.xml", WebClient.admin());

        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(XmlDocs.text(XmlDocs.parse(stats.body()), "/icestats/source/@mount")).isEqualTo("/live");
        assertThat(get("/admin/stats.xml", WebClient.basic("admin", "nope")).statusCode()).isEqualTo(401);
    }

    private AdminEndpoint endpoint() {
        return new AdminEndpoint(server.context(), new StatusReport(server.context(), Instant.now(), "test"),
                server.server()::reloadConfig);
    }

    @Test
    void sourceCredentialsRunMountCommandsButNotServerWideOnes() {
        Mounts.live(server, "/live", Mounts.info("", "", ""), sourceDisconnects);

        assertThat(get("/admin/listclients?mount=/live", WebClient.source()).statusCode()).isEqualTo(200);
        assertThat(get("/admin/stats", WebClient.source()).statusCode()).isEqualTo(401);
        assertThat(get("/admin/listmounts", WebClient.source()).statusCode()).isEqualTo(401);
        assertThat(get("/admin/listclients", WebClient.source()).statusCode()).as("no mount named").isEqualTo(401);
    }

    @Test
    void statsIsIcecastsIcestatsDocument() {
        Mount live = Mounts.live(server, "/live", Mounts.info("Jazz FM", "", "bitrate=128"), sourceDisconnects);
        live.updateMetadata(io.relaycast.icy.IcyMetadata.of("A & B - <Song>", ""));

        HttpResponse<String> response = get("/admin/stats", WebClient.admin());
        Document xml = XmlDocs.parse(response.body());

        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/xml");
        assertThat(XmlDocs.text(xml, "/icestats/server_id")).startsWith("relaycast");
        assertThat(XmlDocs.text(xml, "/icestats/source/@mount")).isEqualTo("/live");
        assertThat(XmlDocs.text(xml, "/icestats/source/server_name")).isEqualTo("Jazz FM");
        assertThat(XmlDocs.text(xml, "/icestats/source/bitrate")).isEqualTo("128");
        assertThat(XmlDocs.text(xml, "/icestats/source/title")).isEqualTo("A & B - <Song>");
        assertThat(XmlDocs.text(xml, "/icestats/source/listeners")).isEqualTo("0");
        assertThat(XmlDocs.text(xml, "/icestats/source/on_air")).isEqualTo("live");
    }

    @Test
    void statsGivesTheAdminIcecastsTrafficAndSourceFields() throws Exception {
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        try (RawClient source = RawClient.connect(server.port())) {
            source.send("PUT /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + WebClient.source()
                    + "\r\nUser-Agent: TestEncoder/2.0\r\nIce-Public: 1\r\nContent-Type: audio/mpeg\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            assertThat(source.readHead().status()).isEqualTo(100);
            Mount live = server.context().mounts().find("/live");
            try (Capture listener = Capture.of(listen("/live", "x"))) {
                source.send(audio);
                await().until(() -> listener.bytes() > 0);
                long read = live.stats().bytesReceived();
                long sent = live.stats().bytesSent();

                Document xml = XmlDocs.parse(get("/admin/stats", WebClient.admin()).body());
                JsonNode json = JSON.readTree(get("/admin/stats.json", WebClient.admin()).body()).get("icestats").get("source");

                assertThat(XmlDocs.text(xml, "/icestats/source/public")).isEqualTo("1");
                assertThat(Long.parseLong(XmlDocs.text(xml, "/icestats/source/total_bytes_read"))).isGreaterThanOrEqualTo(read)
                        .isPositive();
                assertThat(Long.parseLong(XmlDocs.text(xml, "/icestats/source/total_bytes_sent"))).isGreaterThanOrEqualTo(sent)
                        .isPositive();
                assertThat(XmlDocs.text(xml, "/icestats/source/source_ip")).isEqualTo("127.0.0.1");
                assertThat(XmlDocs.text(xml, "/icestats/source/user_agent")).isEqualTo("TestEncoder/2.0");
                assertThat(json.get(0).get("user_agent").asText()).isEqualTo("TestEncoder/2.0");
                assertThat(json.get(0).get("total_bytes_read").asLong()).isPositive();
                JsonNode open = JSON.readTree(WebClient.get(server.url("/status-json.xsl")).body()).get("icestats").get("source");
                assertThat(open.has("source_ip")).as("the public status keeps to Icecast's public fields").isFalse();
                assertThat(open.has("total_bytes_sent")).isFalse();
            }
        }
    }

    @Test
    void statsCountsConnectionsSinceStartAcrossSourcesAndListenersThatCameAndWent() throws Exception {
        Mount first = Mounts.live(server, "/first", Mounts.info("", "", ""), sourceDisconnects);
        try (RawClient gone = listen("/first", "a")) {
            await().until(() -> first.stats().currentListeners() == 1);
        }
        // This source sends no audio, so nothing is written that would fail: the listener's close is seen once the
        // source has left and the mount sends silence (a listener may half-close and listen on, as with Icecast).
        get("/admin/killsource?mount=/first", WebClient.admin());
        await().until(() -> server.context().listeners().count() == 0);
        await().alias("/first retired").until(() -> server.context().mounts().find("/first") == null);
        Mounts.live(server, "/second", Mounts.info("", "", ""), new AtomicInteger());
        // Counted as the mount's loop tells its observers that the source is live, just after it is on air.
        await().until(() -> server.context().mounts().sourceConnections() == 2);
        try (RawClient one = listen("/second", "b"); RawClient two = listen("/second", "c")) {

            Document xml = XmlDocs.parse(get("/admin/stats", WebClient.admin()).body());
            JsonNode json = JSON.readTree(get("/admin/stats.json", WebClient.admin()).body()).get("icestats");

            assertThat(XmlDocs.text(xml, "/icestats/listeners")).isEqualTo("2");
            assertThat(XmlDocs.text(xml, "/icestats/listener_connections")).isEqualTo("3");
            assertThat(XmlDocs.text(xml, "/icestats/sources")).isEqualTo("1");
            assertThat(XmlDocs.text(xml, "/icestats/source_total_connections")).isEqualTo("2");
            assertThat(json.get("source_total_connections").asLong()).isEqualTo(2);
            assertThat(JSON.readTree(WebClient.get(server.url("/status-json.xsl")).body()).get("icestats")
                    .has("listener_connections")).as("admin only, as in Icecast").isFalse();
        }
    }

    @Test
    void jsonIsChosenBySuffixOrAcceptHeader() throws Exception {
        Mounts.live(server, "/live", Mounts.info("", "", ""), sourceDisconnects);

        JsonNode bySuffix = JSON.readTree(get("/admin/listmounts.json", WebClient.admin()).body());
        HttpResponse<String> accepting = WebClient.get(server.url("/admin/listmounts"), "Authorization", WebClient.admin(),
                "Accept", "text/html, application/json;q=0.9");
        JsonNode byAccept = JSON.readTree(accepting.body());

        assertThat(bySuffix.get("mounts").get(0).get("mount").asText()).isEqualTo("/live");
        assertThat(bySuffix.get("mounts").get(0).get("on_air").asText()).isEqualTo("live");
        assertThat(accepting.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(byAccept.get("mounts").get(0).get("mount").asText()).isEqualTo("/live");
        JsonNode stats = JSON.readTree(get("/admin/stats.json", WebClient.admin()).body());
        assertThat(stats.get("icestats").get("source").isArray()).isTrue();
    }

    @Test
    void listmountsHasIcecastsSourceList() {
        Mounts.live(server, "/live", Mounts.info("", "", ""), sourceDisconnects);
        server.context().mounts().createPersistent("/always");

        Document xml = XmlDocs.parse(get("/admin/listmounts", WebClient.admin()).body());

        assertThat(XmlDocs.count(xml, "/icestats/source")).isEqualTo(2);
        assertThat(XmlDocs.text(xml, "/icestats/source[@mount='/live']/listeners")).isEqualTo("0");
        assertThat(XmlDocs.text(xml, "/icestats/source[@mount='/live']/Connected")).matches("\\d+");
        assertThat(XmlDocs.text(xml, "/icestats/source[@mount='/live']/content-type")).isEqualTo("audio/mpeg");
        assertThat(XmlDocs.text(xml, "/icestats/source[@mount='/always']/on_air")).isEqualTo("off");
    }

    @Test
    void listclientsShowsEachListenerAndKillclientDisconnectsIt() throws Exception {
        Mount live = Mounts.live(server, "/live", Mounts.info("", "", ""), sourceDisconnects);
        try (RawClient listener = listen("/live", "TestPlayer/1.0 (\"quoted\")")) {
            await().until(() -> live.stats().currentListeners() == 1);

            Document xml = XmlDocs.parse(get("/admin/listclients?mount=/live", WebClient.admin()).body());
            assertThat(XmlDocs.text(xml, "/icestats/source/@mount")).isEqualTo("/live");
            assertThat(XmlDocs.text(xml, "/icestats/source/Listeners")).isEqualTo("1");
            assertThat(XmlDocs.text(xml, "/icestats/source/listener/IP")).isEqualTo("127.0.0.1");
            assertThat(XmlDocs.text(xml, "/icestats/source/listener/UserAgent")).isEqualTo("TestPlayer/1.0 (\"quoted\")");
            assertThat(XmlDocs.text(xml, "/icestats/source/listener/Connected")).matches("\\d+");
            String id = XmlDocs.text(xml, "/icestats/source/listener/ID");
            assertThat(XmlDocs.text(xml, "/icestats/source/listener/@id")).isEqualTo(id);

            JsonNode json = JSON.readTree(get("/admin/listclients.json?mount=/live", WebClient.admin()).body());
            assertThat(json.get("clients").get(0).get("id").asText()).isEqualTo(id);
            assertThat(json.get("clients").get(0).get("user_agent").asText()).isEqualTo("TestPlayer/1.0 (\"quoted\")");

            HttpResponse<String> kill = get("/admin/killclient?mount=/live&id=" + id, WebClient.admin());
            Document reply = XmlDocs.parse(kill.body());
            assertThat(kill.statusCode()).isEqualTo(200);
            assertThat(XmlDocs.text(reply, "/iceresponse/message")).isEqualTo("Client " + id + " removed");
            assertThat(XmlDocs.text(reply, "/iceresponse/return")).isEqualTo("1");
            assertThat(listener.closedByServer(5000)).isTrue();
            await().until(() -> live.stats().disconnects(DisconnectReason.KICKED) == 1);
        }
    }

    @Test
    void killclientOfAnUnknownOrOtherMountsListenerFails() {
        Mounts.live(server, "/live", Mounts.info("", "", ""), sourceDisconnects);
        Mounts.live(server, "/other", Mounts.info("", "", ""), new AtomicInteger());
        try (RawClient listener = listen("/other", "x")) {
            await().until(() -> server.context().listeners().count() == 1);
            long id = server.context().listeners().all().get(0).id();

            HttpResponse<String> wrongMount = get("/admin/killclient?mount=/live&id=" + id, WebClient.admin());
            HttpResponse<String> unknown = get("/admin/killclient?mount=/live&id=999", WebClient.admin());

            assertThat(wrongMount.statusCode()).isEqualTo(404);
            assertThat(XmlDocs.text(XmlDocs.parse(unknown.body()), "/iceresponse/return")).isEqualTo("0");
            assertThat(XmlDocs.text(XmlDocs.parse(unknown.body()), "/iceresponse/message")).isEqualTo("Client 999 not found");
            assertThat(listener.closedByServer(300)).isFalse();
        }
    }

    @Test
    void killsourceDisconnectsTheLiveEncoder() throws Exception {
        Mount live = Mounts.live(server, "/live", Mounts.info("", "", ""), sourceDisconnects);

        HttpResponse<String> reply = get("/admin/killsource.json?mount=/live", WebClient.source());

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).get("message").asText()).isEqualTo("Source Removed");
        assertThat(JSON.readTree(reply.body()).get("return").asInt()).isEqualTo(1);
        assertThat(sourceDisconnects).hasValue(1);
        await().until(() -> live.liveSource() == null);
        // Nothing is left on it, so the mount is gone.
        await().until(() -> server.context().mounts().find("/live") == null);
        assertThat(get("/admin/killsource?mount=/live", WebClient.admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void moveclientsMovesListenersToTheDestination() {
        Mount from = Mounts.live(server, "/live", Mounts.info("", "", ""), sourceDisconnects);
        Mount to = Mounts.live(server, "/backup", Mounts.info("", "", ""), new AtomicInteger());
        try (RawClient first = listen("/live", "a"); RawClient second = listen("/live", "b")) {
            await().until(() -> from.stats().currentListeners() == 2);

            HttpResponse<String> reply = get("/admin/moveclients?mount=/live&destination=/backup", WebClient.admin());

            assertThat(XmlDocs.text(XmlDocs.parse(reply.body()), "/iceresponse/message"))
                    .isEqualTo("Clients moved from /live to /backup");
            await().until(() -> to.stats().currentListeners() == 2 && from.stats().currentListeners() == 0);
            assertThat(server.context().listeners().onMount("/backup")).hasSize(2);
            assertThat(first.closedByServer(200)).isFalse();
        }
    }

    /**
     * A move is no new connection: the source mount counts its listeners leaving (reason moved) with their listening so
     * far, and the destination takes them in without counting a connect, then gets only the time listened there.
     */
    @Test
    void moveclientsCountsTheListenersLeavingOneMountAndNoConnectOnTheOther() {
        Mount from = Mounts.live(server, "/a", Mounts.info("", "", ""), sourceDisconnects);
        Mount to = Mounts.live(server, "/b", Mounts.info("", "", ""), new AtomicInteger());
        long beforeMove;
        // Reset on close: no audio flows here, so a plain close would be noticed only at the listener timeout.
        try (RawClient one = listen("/a", "a").resetOnClose(); RawClient two = listen("/a", "b").resetOnClose();
             RawClient three = listen("/a", "c").resetOnClose()) {
            beforeMove = System.nanoTime();
            get("/admin/moveclients?mount=/a&destination=/b", WebClient.admin());
            await("moved").until(() -> to.stats().currentListeners() == 3 && from.stats().currentListeners() == 0);
        }
        await("all gone").until(() -> to.stats().currentListeners() == 0);
        // Until the server has seen the closes: it counts listening up to then, after the clients closed.
        long listenedAfterMove = System.nanoTime() - beforeMove;
        assertThat(from.stats().listenerConnects()).isEqualTo(3);
        assertThat(from.stats().disconnects(DisconnectReason.MOVED)).isEqualTo(3);
        assertThat(leftFor(from)).isEqualTo(3);
        assertThat(from.stats().listeningNanos()).isPositive();
        assertThat(to.stats().listenerConnects()).isZero();
        assertThat(to.stats().listenerPeak()).isEqualTo(3);
        assertThat(to.stats().disconnects(DisconnectReason.CLIENT_CLOSED)).isEqualTo(3);
        assertThat(to.stats().listeningNanos()).isLessThanOrEqualTo(3 * listenedAfterMove);
    }

    private static long leftFor(Mount mount) {
        long left = 0;
        for (DisconnectReason reason : DisconnectReason.values()) {
            left += mount.stats().disconnects(reason);
        }
        return left;
    }

    @Test
    void moveclientsRefusesBadDestinations() {
        Mounts.live(server, "/live", Mounts.info("", "", ""), sourceDisconnects);

        assertThat(get("/admin/moveclients?mount=/live&destination=/nowhere", WebClient.admin()).statusCode()).isEqualTo(400);
        assertThat(get("/admin/moveclients?mount=/live&destination=/live", WebClient.admin()).statusCode()).isEqualTo(400);
        assertThat(get("/admin/moveclients?mount=/live", WebClient.admin()).statusCode()).isEqualTo(400);
    }

    @Test
    void missingOrUnknownMountIsAnIceresponseFailure() {
        HttpResponse<String> missing = get("/admin/listclients", WebClient.admin());
        HttpResponse<String> unknown = get("/admin/listclients?mount=/nope", WebClient.admin());

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(XmlDocs.text(XmlDocs.parse(missing.body()), "/iceresponse/message")).isEqualTo("Missing parameter: mount");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(XmlDocs.text(XmlDocs.parse(unknown.body()), "/iceresponse/return")).isEqualTo("0");
    }

    @Test
    void anUnknownAdminCommandIsNotShadowingAnything() {
        assertThat(get("/admin/nosuchcommand", WebClient.admin()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path, String authorization) {
        return WebClient.get(server.url(path), "Authorization", authorization);
    }

    /** A listener on {@code mount}, returned once the server has registered it (no audio flows in these tests). */
    private RawClient listen(String mount, String userAgent) {
        int before = server.context().listeners().onMount(mount).size();
        RawClient client = RawClient.connect(server.port());
        client.send("GET " + mount + " HTTP/1.0\r\nUser-Agent: " + userAgent + "\r\n\r\n");
        await().until(() -> server.context().listeners().onMount(mount).size() == before + 1);
        return client;
    }
}
