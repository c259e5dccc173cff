package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.config.MountConfig;
import io.relaycast.config.StationInfo;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's own name, description, genre, URL and directory flag from the config file (Icecast's per-mount
 * stream-name, ...): what players and the status page show while the AutoDJ plays, and over a DJ's own word.
 */
class StationInfoTest {

    private static final StationInfo OWL = new StationInfo("Night Owl Radio", null, "Jazz", "https://owl.example", true);

    @TempDir
    static Path dir;
    static List<byte[]> frames;

    @BeforeAll
    static void makeAudio() {
        frames = TestAudio.toneFrames(dir, 4);
    }

    @Test
    void theStationsWordIsShownWhileTheFallbackPlaysAndOverTheSourcesWhileLive() throws Exception {
        MountConfig owl = MountConfig.builder("/owl").station(OWL).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(owl)))) {
            Mount mount = server.context().mounts().find("/owl");
            RawClient.Head fallback = listen(server);
            assertThat(fallback.header("icy-name")).isEqualTo("Night Owl Radio");
            assertThat(fallback.header("icy-genre")).isEqualTo("Jazz");
            assertThat(fallback.header("icy-url")).isEqualTo("https://owl.example");
            assertThat(fallback.header("icy-pub")).isEqualTo("1");
            assertThat(fallback.header("icy-description")).isNull();
            assertThat(source(server).path("server_name").asText()).isEqualTo("Night Owl Radio");

            try (RawClient dj = RawSource.open(server.port(), "/owl", "ice-name: DJ Bob", "ice-description: Live from the club",
                    "ice-genre: House", "ice-public: 0")) {
                dj.send(TestAudio.concat(frames.subList(0, 20)));
                await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.LIVE);
                RawClient.Head live = listen(server);
                assertThat(live.header("icy-name")).as("the station's name wins").isEqualTo("Night Owl Radio");
                assertThat(live.header("icy-genre")).isEqualTo("Jazz");
                assertThat(live.header("icy-pub")).isEqualTo("1");
                assertThat(live.header("icy-description")).as("what the station left open").isEqualTo("Live from the club");
                assertThat(source(server).path("server_description").asText()).isEqualTo("Live from the club");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() != OnAir.LIVE);
            assertThat(listen(server).header("icy-description")).as("the DJ's word leaves with the DJ").isNull();
        }
    }

    @Test
    void withoutStationSettingsTheSourcesWordIsShownAsItCame() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.of("/plain"))));
             RawClient dj = RawSource.open(server.port(), "/plain", "ice-name: DJ Bob", "ice-genre: House")) {
            Mount mount = server.context().mounts().find("/plain");
            dj.send(TestAudio.concat(frames.subList(0, 20)));
            await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.LIVE);
            RawClient.Head head = listenTo(server, "/plain");
            assertThat(head.header("icy-name")).isEqualTo("DJ Bob");
            assertThat(head.header("icy-genre")).isEqualTo("House");
        }
    }

    /** Icecast's per-mount {@code bitrate}: what players, the status and directories are told, over the encoder's. */
    @Test
    void theStationsBitrateIsDeclaredOverTheSourcesAndTheAudios() throws Exception {
        StationInfo declared = new StationInfo("Owl", null, null, null, null, "96");
        MountConfig owl = MountConfig.builder("/owl").station(declared).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(owl)));
             RawClient dj = RawSource.open(server.port(), "/owl", "ice-bitrate: 128")) {
            Mount mount = server.context().mounts().find("/owl");
            dj.send(TestAudio.concat(frames.subList(0, 20)));
            await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.LIVE);
            assertThat(mount.format().bitrateKbps()).as("the audio's own").isNotEqualTo(96);
            assertThat(listen(server).header("icy-br")).isEqualTo("96");
            assertThat(source(server).path("bitrate").asInt()).isEqualTo(96);
        }
        assertThat(new StationInfo(null, null, null, null, null, null)).isEqualTo(StationInfo.NONE);
        assertThatThrownBy(() -> new StationInfo(null, null, null, null, null, "128k"))
                .hasMessageContaining("bitrate must be a whole number of kbit/s");
    }

    @Test
    void theHeadCarriesTheStationsNameInUtf8AsEncodersSendIt() {
        StationInfo cafe = new StationInfo("Caf\u00e9 \u2615 Radio", null, null, null, null);
        MountConfig mount = MountConfig.builder("/cafe").station(cafe).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(mount)))) {
            RawClient.Head head = listenTo(server, "/cafe");
            assertThat(head.header("icy-name").getBytes(StandardCharsets.ISO_8859_1)).as("the UTF-8 bytes")
                    .isEqualTo("Caf\u00e9 \u2615 Radio".getBytes(StandardCharsets.UTF_8));
            assertThat(head.header("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        }
    }

    private static RawClient.Head listen(TestServer server) {
        return listenTo(server, "/owl");
    }

    private static RawClient.Head listenTo(TestServer server, String mount) {
        try (RawClient listener = RawClient.connect(server.port())) {
            listener.send("GET " + mount + " HTTP/1.0\r\n\r\n");
            RawClient.Head head = listener.readHead();
            assertThat(head.status()).isEqualTo(200);
            return head;
        }
    }

    private static JsonNode source(TestServer server) throws Exception {
        String body = WebClient.get(server.url("/status.json")).body();
        return new ObjectMapper().readTree(body).path("icestats").path("source").get(0);
    }
}
