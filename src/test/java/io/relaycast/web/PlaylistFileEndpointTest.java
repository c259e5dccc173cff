package io.relaycast.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.config.MountConfig;
import io.relaycast.config.StationInfo;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class PlaylistFileEndpointTest {

    private static final Pattern HANDED_OUT_URL = Pattern.compile("http://127\\.0\\.0\\.1:[0-9]+/[^\\r\\n<]*");

    private final TestServer server = TestServer.start();

    @BeforeEach
    void liveMount() {
        Mounts.live(server, "/live", Mounts.info("Jazz & Blues FM", "", ""), new AtomicInteger());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * Icecast's fserve serves a web root's {@code live.m3u} when there is one and makes the playlist only when there is
     * not: a station's hand-made playlist (its public HTTPS address) must survive the move to relaycast.
     */
    @Test
    void aPlaylistFileInTheWebRootIsServedInsteadOfTheGeneratedOne(@TempDir Path root) throws Exception {
        String handMade = "#EXTM3U\nhttps://radio.example/live\n";
        Files.writeString(root.resolve("live.m3u"), handMade);
        try (TestServer withRoot = TestServer.start(TestServer.config().withWebRoot(root))) {
            Mounts.live(withRoot, "/live", Mounts.info("Jazz FM", "", ""), new AtomicInteger());

            HttpResponse<String> file = WebClient.get(withRoot.url("/live.m3u"));
            HttpResponse<String> generated = WebClient.get(withRoot.url("/live.pls"));

            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(handMade);
            assertThat(generated.body()).contains(withRoot.url("/live"));
        }
    }

    @Test
    void m3uIsAnExtendedM3uWithTheStreamUrl() {
        HttpResponse<String> response = WebClient.get(server.url("/live.m3u"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/x-mpegurl");
        List<String> lines = response.body().lines().toList();
        assertThat(lines).containsExactly("#EXTM3U", "#EXTINF:-1,Jazz & Blues FM", server.url("/live"));
        assertThat(response.body()).doesNotContain("\r\r").endsWith("\r\n");
    }

    @Test
    void plsIsAVersion2PlaylistWithOneEntry() throws Exception {
        HttpResponse<String> response = WebClient.get(server.url("/live.pls"));

        assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/x-scpls");
        assertThat(response.body()).startsWith("[playlist]\r\n");
        Properties entries = new Properties();
        entries.load(new StringReader(response.body().substring(response.body().indexOf('\n') + 1)));
        assertThat(entries).containsEntry("NumberOfEntries", "1").containsEntry("File1", server.url("/live"))
                .containsEntry("Title1", "Jazz & Blues FM").containsEntry("Length1", "-1").containsEntry("Version", "2");
        assertThat(entries).hasSize(5);
    }

    @Test
    void xspfIsNamespacedXspfWithTheLocation() {
        HttpResponse<String> response = WebClient.get(server.url("/live.xspf"));
        Document xml = XmlDocs.parse(response.body(), true);

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xspf+xml");
        assertThat(xml.getDocumentElement().getNamespaceURI()).isEqualTo("http://xspf.org/ns/0/");
        assertThat(xml.getDocumentElement().getLocalName()).isEqualTo("playlist");
        assertThat(xml.getDocumentElement().getAttribute("version")).isEqualTo("1");
        assertThat(XmlDocs.text(xml, "/*[local-name()='playlist']/*[local-name()='trackList']/*[local-name()='track']"
                + "/*[local-name()='location']")).isEqualTo(server.url("/live"));
        assertThat(XmlDocs.text(xml, "/*[local-name()='playlist']/*[local-name()='title']")).isEqualTo("Jazz & Blues FM");
    }

    @Test
    void playlistPointsAtTheHostTheClientUsed() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /live.m3u HTTP/1.0\r\nHost: radio.example:8443\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(200);
            String body = new String(client.readToEnd(), StandardCharsets.UTF_8);
            assertThat(body).contains("\r\nhttp://radio.example:8443/live\r\n");
        }
    }

    @Test
    void aHostHeaderThatCouldInjectIsIgnored() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /live.pls HTTP/1.0\r\nHost: evil.example/x?File2=http://evil\r\n\r\n");
            client.readHead();
            String body = new String(client.readToEnd(), StandardCharsets.UTF_8);
            assertThat(body).doesNotContain("evil").contains("File1=http://127.0.0.1:" + server.port() + "/live");
        }
    }

    @Test
    void aConfiguredMountWithNoSourceNowHasItsPlaylist() {
        // A show's mount between shows: no source, no playlist; the station's site links its playlist for good.
        MountConfig show = MountConfig.builder("/show").password("show-pw")
                .station(new StationInfo("Night Show", null, null, null, null)).build();
        try (TestServer configured = TestServer.start(TestServer.config().withMounts(List.of(show)))) {
            assertThat(configured.context().mounts().find("/show").liveSource()).isNull();

            HttpResponse<String> m3u = WebClient.get(configured.url("/show.m3u"));
            HttpResponse<String> pls = WebClient.get(configured.url("/show.pls"));

            assertThat(m3u.statusCode()).isEqualTo(200);
            assertThat(m3u.body()).contains(configured.url("/show"));
            assertThat(pls.body()).contains("Title1=Night Show");
            assertThat(WebClient.get(configured.url("/other.m3u")).statusCode()).as("neither a mount nor configured")
                    .isEqualTo(404);
        }
    }

    @Test
    void aMountNamedWithASpaceAndAPercentSignIsHandedOutPercentEncodedAndReachedAsHandedOut() throws Exception {
        Mounts.live(server, "/my radio 100%", Mounts.info("Odd FM", "", ""), new AtomicInteger());
        String encoded = "/my%20radio%20100%25";
        for (String suffix : List.of(".m3u", ".pls", ".xspf")) {
            Matcher url = HANDED_OUT_URL.matcher(WebClient.get(server.url(encoded + suffix)).body());
            assertThat(url.find()).isTrue();
            assertThat(url.group()).isEqualTo(server.url(encoded));
            HttpRequest listen = HttpRequest.newBuilder(URI.create(url.group())).build();
            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(listen, BodyHandlers.ofInputStream());
            try (InputStream audio = stream.body()) {
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(stream.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
            }
        }
        assertThat(WebClient.get(server.url("/status-json.xsl")).body())
                .contains("\"listenurl\":\"" + server.url(encoded) + "\"");
        assertThat(WebClient.get(server.url("/status.xsl")).body()).contains("href=\"" + encoded + ".m3u\"");
    }

    @Test
    void unknownMountsPlaylistIsNotFound() {
        assertThat(WebClient.get(server.url("/nope.m3u")).statusCode()).isEqualTo(404);
    }

    @Test
    void aMountWhoseNameEndsInM3uIsStillStreamed() {
        server.context().mounts().createPersistent("/show.m3u");
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("HEAD /show.m3u HTTP/1.0\r\n\r\n");
            RawClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-type")).isEqualTo("audio/mpeg");
        }
    }
}
