package io.relaycast.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.config.MountConfig;
import io.relaycast.playlist.Jukebox;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API and the status JSON on a real AutoDJ mount (not a stand-in jukebox): what plays is reported, and skip,
 * queue and a live source take effect on the mount.
 */
class AutoDjAdminTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void statusReportsThePlaylistAndTheAdminApiSteersIt() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("01-first.mp3"), 30, 128, 440);
        Ffmpeg.tone(music.resolve("02-second.mp3"), 30, 128, 550);
        Ffmpeg.tone(music.resolve("03-third.mp3"), 30, 128, 660);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/radio",
                music))))) {
            Jukebox jukebox = server.context().jukeboxes().forMount("/radio").orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> jukebox.current().isPresent());

            JsonNode source = status(server).get("icestats").get("source").get(0);
            assertThat(source.get("on_air").asText()).isEqualTo("playlist");
            assertThat(source.get("playlist_track").get("id").asText()).isEqualTo("01-first.mp3");
            assertThat(source.get("title").asText()).isEqualTo("01-first");

            HttpResponse<String> queued = WebClient.get(server.url("/admin/queue?mount=/radio&track=03-third.mp3"),
                    "Authorization", WebClient.admin());
            assertThat(queued.statusCode()).isEqualTo(200);
            assertThat(queued.body()).contains("<return>1</return>");
            HttpResponse<String> skipped = WebClient.get(server.url("/admin/skip.json?mount=/radio"), "Authorization",
                    WebClient.admin());
            assertThat(skipped.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> "03-third.mp3".equals(
                    status(server).get("icestats").get("source").get(0).get("playlist_track").get("id").asText()));
            assertThat(server.context().mounts().find("/radio").metadata().title()).isEqualTo("03-third");

            try (var live = Ffmpeg.liveSource(dir, server.icecastUrl("/radio"), 20, 880)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> "live".equals(
                        status(server).get("icestats").get("source").get(0).get("on_air").asText()));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> "playlist".equals(
                    status(server).get("icestats").get("source").get(0).get("on_air").asText()));
        }
    }

    private static JsonNode status(TestServer server) throws Exception {
        return JSON.readTree(WebClient.get(server.url("/status.json")).body());
    }
}
