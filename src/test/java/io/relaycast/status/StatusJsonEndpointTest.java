package io.relaycast.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.Mount;
import io.relaycast.testing.FakeJukebox;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class StatusJsonEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withoutMountsIcecastFormLeavesSourceOutAndOurFormHasAnEmptyArray() throws Exception {
        JsonNode icecast = icestats("/status-json.xsl");
        assertThat(icecast.has("source")).isFalse();
        assertThat(icecast.get("server_id").asText()).startsWith("relaycast ");
        assertThat(icecast.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(icecast.get("admin").asText()).isNotEmpty();
        assertThat(icecast.get("location").asText()).isNotEmpty();
        assertThat(icecast.get("server_start").asText())
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
        assertThat(icecast.get("server_start_iso8601").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{4}");

        JsonNode ours = icestats("/status.json");
        assertThat(ours.get("source").isArray()).isTrue();
        assertThat(ours.get("source")).isEmpty();
    }

    @Test
    void oneMountIsAnObjectWithIcecastsFieldsAndOurs() throws Exception {
        Mount live = Mounts.live(server, "/live",
                Mounts.info("Jazz FM", "Smooth & <cool>", "bitrate=128;channels=2;samplerate=44100"), new AtomicInteger());
        live.updateMetadata(IcyMetadata.of("Miles Davis - So What", ""));

        JsonNode source = icestats("/status-json.xsl").get("source");

        assertThat(source.isObject()).isTrue();
        assertThat(source.get("listenurl").asText()).isEqualTo(server.url("/live"));
        assertThat(source.get("listeners").isNumber()).isTrue();
        assertThat(source.get("listeners").asInt()).isZero();
        assertThat(source.get("listener_peak").asInt()).isZero();
        assertThat(source.get("server_name").asText()).isEqualTo("Jazz FM");
        assertThat(source.get("server_description").asText()).isEqualTo("Smooth & <cool>");
        assertThat(source.get("server_type").asText()).isEqualTo("audio/mpeg");
        assertThat(source.get("genre").asText()).isEqualTo("Jazz");
        assertThat(source.get("bitrate").asInt()).isEqualTo(128);
        assertThat(source.get("samplerate").asInt()).isEqualTo(44100);
        assertThat(source.get("channels").asInt()).isEqualTo(2);
        assertThat(source.get("audio_info").asText()).isEqualTo("bitrate=128;channels=2;samplerate=44100");
        assertThat(source.get("stream_start").asText()).isNotEmpty();
        assertThat(source.get("stream_start_iso8601").asText()).isNotEmpty();
        assertThat(source.get("title").asText()).isEqualTo("Miles Davis - So What");
        assertThat(source.get("on_air").asText()).isEqualTo("live");
        assertThat(source.has("playlist_track")).isFalse();
    }

    /**
     * Icecast lists no artist for an MP3 stream, and when it lists one the title is the title alone: widgets show
     * {@code artist + " - " + title}, which read "Miles Davis - Miles Davis - So What" beside the whole title.
     */
    @Test
    void theIcecastStatusLeavesTheArtistOutSoWidgetsDoNotRepeatItAndOurStatusKeepsIt() throws Exception {
        Mount live = Mounts.live(server, "/live", Mounts.info("Jazz FM", "", ""), new AtomicInteger());
        live.updateMetadata(IcyMetadata.of("Miles Davis - So What", ""));

        JsonNode icecast = icestats("/status-json.xsl").get("source");
        JsonNode ours = icestats("/status.json").get("source").get(0);

        assertThat(icecast.get("title").asText()).isEqualTo("Miles Davis - So What");
        assertThat(icecast.has("artist")).isFalse();
        assertThat(ours.get("title").asText()).isEqualTo("Miles Davis - So What");
        assertThat(ours.get("artist").asText()).isEqualTo("Miles Davis");
    }

    @Test
    void eachAudioInfoKeyIsAFieldOfItsOwnAsIcecastListsThem() throws Exception {
        // butt and Mixxx send ice-audio-info with ice- keys; Icecast 2.4.4 lists "ice-bitrate": 128 and so on.
        String audioInfo = "ice-samplerate=44100;ice-bitrate=128;ice-channels=2;quality=0.5";
        Mounts.live(server, "/live", Mounts.info("Jazz FM", "", audioInfo), new AtomicInteger());

        JsonNode source = icestats("/status-json.xsl").get("source");

        assertThat(source.get("ice-bitrate").isNumber()).isTrue();
        assertThat(source.get("ice-bitrate").asInt()).isEqualTo(128);
        assertThat(source.get("ice-samplerate").asInt()).isEqualTo(44100);
        assertThat(source.get("ice-channels").asInt()).isEqualTo(2);
        assertThat(source.get("quality").asText()).isEqualTo("0.5");
        assertThat(source.get("bitrate").asInt()).as("our own fields keep their values").isEqualTo(128);
    }

    /** A key that is no XML name ({@code 1x}, {@code -y}, {@code .z}) would make the admin's stats ill-formed: left out. */
    @Test
    void audioInfoKeysThatAreNoXmlNamesAreLeftOutSoTheStatsStayWellFormed() throws Exception {
        Mounts.live(server, "/live", Mounts.info("Jazz FM", "", "1x=2;-y=3;.z=4;_ok=5;ice-bitrate=128"), new AtomicInteger());

        Document stats = XmlDocs.parse(WebClient.get(server.url("/admin/stats"), "Authorization", WebClient.admin()).body());
        JsonNode source = icestats("/status-json.xsl").get("source");

        assertThat(XmlDocs.text(stats, "/icestats/source/_ok")).isEqualTo("5");
        assertThat(XmlDocs.text(stats, "/icestats/source/ice-bitrate")).isEqualTo("128");
        assertThat(source.has("1x") || source.has("-y") || source.has(".z")).isFalse();
    }

    @Test
    void twoMountsAreAnArraySortedByPathWithTheirPlaylistTrack() throws Exception {
        Mounts.live(server, "/b", Mounts.info("B", "", ""), new AtomicInteger());
        server.context().mounts().createPersistent("/a");
        server.context().jukeboxes().register(new FakeJukebox("/a", "Artist - First", "Artist - Second"));

        JsonNode sources = icestats("/status-json.xsl").get("source");

        assertThat(sources.isArray()).isTrue();
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).get("mount").asText()).isEqualTo("/a");
        assertThat(sources.get(0).get("on_air").asText()).isEqualTo("off");
        assertThat(sources.get(1).get("mount").asText()).isEqualTo("/b");
        assertThat(sources.get(1).get("on_air").asText()).isEqualTo("live");
        assertThat(icestats("/status.json").get("source")).hasSize(2);
        JsonNode adminA = adminIcestats().get("source").get(0);
        assertThat(adminA.get("playlist_track").get("title").asText()).isEqualTo("Artist - First");
        assertThat(adminA.get("playlist_track").get("id").asText()).isEqualTo("t1.mp3");
    }

    /**
     * butt and ffmpeg often send no title: the public page then fell back to the paused AutoDJ track and showed it as
     * "Now playing" for the whole live show. The public status names the playlist's track only while it is on air.
     */
    @Test
    void aLiveShowWithoutTitleDoesNotAnnounceThePausedPlaylistTrackPubliclyButTheAdminStatsStillNameIt()
            throws Exception {
        Mounts.live(server, "/live", Mounts.info("Live", "", ""), new AtomicInteger());
        server.context().jukeboxes().register(new FakeJukebox("/live", "Paused - Track", "Next - Track"));

        JsonNode ours = icestats("/status.json").get("source").get(0);
        JsonNode icecast = icestats("/status-json.xsl").get("source");

        assertThat(ours.get("on_air").asText()).isEqualTo("live");
        assertThat(ours.has("title")).isFalse();
        assertThat(ours.has("playlist_track")).isFalse();
        assertThat(icecast.has("playlist_track")).isFalse();
        assertThat(adminIcestats().get("source").get(0).get("playlist_track").get("title").asText())
                .isEqualTo("Paused - Track");
    }

    private JsonNode adminIcestats() throws Exception {
        HttpResponse<String> admin = WebClient.get(server.url("/admin/stats.json"), "Authorization", WebClient.admin());
        assertThat(admin.statusCode()).isEqualTo(200);
        return JSON.readTree(admin.body()).get("icestats");
    }

    @Test
    void aMountParameterNarrowsTheStatusToThatMountAsIcecastDoes() throws Exception {
        Mounts.live(server, "/a", Mounts.info("A", "", ""), new AtomicInteger());
        Mounts.live(server, "/b", Mounts.info("B", "", ""), new AtomicInteger());

        JsonNode one = icestats("/status-json.xsl?mount=/b").get("source");
        JsonNode encoded = icestats("/status-json.xsl?mount=%2Fa").get("source");

        assertThat(one.isObject()).as("one mount: an object, as a widget polling its own mount expects").isTrue();
        assertThat(one.get("server_name").asText()).isEqualTo("B");
        assertThat(encoded.get("server_name").asText()).isEqualTo("A");
        assertThat(icestats("/status-json.xsl?mount=/nope").has("source")).isFalse();
        assertThat(icestats("/status.json?mount=/b").get("source")).hasSize(1);
        assertThat(icestats("/status.json?mount=").get("source")).as("empty: every mount").hasSize(2);
        Document stats = XmlDocs.parse(WebClient.get(server.url("/admin/stats?mount=/a"), "Authorization",
                WebClient.admin()).body());
        assertThat(XmlDocs.count(stats, "/icestats/source")).isEqualTo(1);
        assertThat(XmlDocs.text(stats, "/icestats/source/@mount")).isEqualTo("/a");
    }

    @Test
    void oneMountInOurFormIsStillAnArray() throws Exception {
        Mounts.live(server, "/live", Mounts.info("", "", ""), new AtomicInteger());

        JsonNode source = icestats("/status.json").get("source");

        assertThat(source.isArray()).isTrue();
        assertThat(source.get(0).has("server_name")).as("not given, so absent").isFalse();
        assertThat(source.get(0).has("title")).isFalse();
    }

    @Test
    void aMountWhoseSourceLeftIsNotListed() throws Exception {
        AtomicInteger disconnects = new AtomicInteger();
        Mount live = Mounts.live(server, "/gone", Mounts.info("", "", ""), disconnects);
        live.liveSource().disconnect();
        org.awaitility.Awaitility.await().until(() -> !live.isListenable());

        assertThat(icestats("/status-json.xsl").has("source")).isFalse();
    }

    @Test
    void listenUrlUsesTheHostTheClientAskedFor() throws Exception {
        Mounts.live(server, "/live", Mounts.info("", "", ""), new AtomicInteger());
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /status-json.xsl HTTP/1.0\r\nHost: radio.example:8000\r\n\r\n");
            RawClient.Head head = client.readHead();
            JsonNode stats = JSON.readTree(new String(client.readToEnd(), StandardCharsets.UTF_8)).get("icestats");

            assertThat(head.status()).isEqualTo(200);
            assertThat(stats.get("host").asText()).isEqualTo("radio.example");
            assertThat(stats.get("source").get("listenurl").asText()).isEqualTo("http://radio.example:8000/live");
        }
    }

    @Test
    void statusIsReadableFromOtherSitesAndPreflightAllowsIcyMetadata() {
        HttpResponse<String> status = WebClient.get(server.url("/status.json"), "Origin", "https://player.example");
        assertThat(status.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));

        HttpResponse<String> preflight = WebClient.send("OPTIONS", server.url("/live"), "Origin", "https://player.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "icy-metadata");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
                .contains("icy-metadata");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("GET");
    }

    @Test
    void theServerWideListenerCountLeavesOutHiddenMountsListenersAndTheAdminStatsCountThem() throws Exception {
        Mount studio = Mounts.live(server, "/studio", Mounts.info("Studio", "", ""), new AtomicInteger());
        studio.hide(true);
        Mounts.live(server, "/live", Mounts.info("Live", "", ""), new AtomicInteger());
        List<RawClient> listeners = new ArrayList<>();
        try {
            for (String mount : List.of("/studio", "/studio", "/studio", "/live")) {
                listeners.add(RawClient.listening(server.port(), mount));
            }
            await("four listeners").atMost(Duration.ofSeconds(5)).until(() -> server.context().listeners().count() == 4);

            assertThat(icestats("/status-json.xsl").get("listeners").asInt()).isEqualTo(1);
            assertThat(icestats("/status.json").get("listeners").asInt()).isEqualTo(1);
            assertThat(adminIcestats().get("listeners").asInt()).isEqualTo(4);
        } finally {
            listeners.forEach(RawClient::close);
        }
    }

    private JsonNode icestats(String path) throws Exception {
        HttpResponse<String> response = WebClient.get(server.url(path));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("icestats");
    }
}
