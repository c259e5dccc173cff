package io.relaycast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.FakeJukebox;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import io.relaycast.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page in a real browser: headless Chromium (driven by playwright-core through scripts/browser-check.mjs) loads
 * {@code /}, plays a mount fed by a real ffmpeg source in the page's own player, and sees the title change after a
 * metadata update without a reload. Screenshots of {@code /} and {@code /admin/} at phone size land in
 * {@code target/browser/}.
 */
class BrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NEW_TITLE = "Browser Check - Title Changed";

    @Test
    void statusPagePlaysTheStreamAndFollowsTheTitle(@TempDir Path logs) throws Exception {
        Programs.require("node");
        Programs.require("/usr/bin/chromium");
        assertThat(Path.of("node_modules", "playwright-core")).as("run npm ci first").isDirectory();
        try (TestServer server = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(logs, server.icecastUrl("/live"), 90, 440,
                     "-ice_name", "Browser FM", "-ice_description", "A tone for the browser")) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Mount mount = server.context().mounts().find("/live");
                return mount != null && mount.onAir() == OnAir.LIVE && mount.stats().framesReceived() > 100;
            });
            server.context().jukeboxes().register(new FakeJukebox("/live", "Tone - First", "Tone - Second"));
            Path screenshots = Path.of("target", "browser");
            Files.createDirectories(screenshots);

            Programs.Result run = Programs.run(logs, Duration.ofSeconds(120), List.of("node", "scripts/browser-check.mjs",
                    "--url", server.url(""), "--mount", "/live", "--admin-password", TestServer.ADMIN_PASSWORD,
                    "--title", NEW_TITLE, "--screenshots", screenshots.toString()));

            run.assertSuccess();
            JsonNode result = JSON.readTree(run.stdoutText());
            assertThat(result.path("error").asText("")).isEmpty();
            assertThat(result.get("ok").asBoolean()).isTrue();
            assertThat(result.get("playerFound").asBoolean()).isTrue();
            assertThat(result.get("cardName").asText()).isEqualTo("Browser FM");
            assertThat(result.get("playerLabel").asText()).isEqualTo("Listen to Browser FM");
            assertThat(result.get("playError").isNull()).isTrue();
            assertThat(result.get("currentTimeEnd").asDouble()).isGreaterThan(3.0);
            assertThat(result.get("audioState").get("error").isNull()).isTrue();
            assertThat(result.get("titleBefore").asText()).isNotEqualTo(NEW_TITLE);
            assertThat(result.get("metadataStatus").asInt()).isEqualTo(200);
            assertThat(result.get("titleAfter").asText()).isEqualTo(NEW_TITLE);
            assertThat(result.get("stillPlaying").asBoolean()).as("the poll must not rebuild the player").isTrue();
            assertThat(result.get("landmarks").get("main").asInt()).isEqualTo(1);
            assertThat(result.get("landmarks").get("h1").asInt()).isEqualTo(1);
            assertThat(result.get("landmarks").get("playlistLinks").toString()).contains("/live.m3u", "/live.pls",
                    "/live.xspf");
            assertThat(result.get("adminKickButtons").asInt()).as("the browser itself listens").isGreaterThanOrEqualTo(1);
            assertThat(result.get("adminTitleLabel").asInt()).isEqualTo(1);
            assertThat(result.get("horizontalOverflow").get("status").asBoolean()).isFalse();
            assertThat(result.get("horizontalOverflow").get("admin").asBoolean()).isFalse();
            assertThat(result.get("playlistBefore").asText()).isEqualTo("Playing: Tone - First");
            assertThat(result.get("playlistAfter").asText()).isEqualTo("Playing: Tone - Second");
            assertThat(result.get("adminResult").asText()).isEqualTo("Skipped Tone - First");
            assertThat(result.get("consoleErrors")).isEmpty();
            assertThat(screenshots.resolve("status-phone.png")).isNotEmptyFile();
            assertThat(screenshots.resolve("admin-phone.png")).isNotEmptyFile();
        }
    }

    /**
     * A station's own page served from the web root, as stations put one next to Icecast: Chromium loads it, its logo
     * (a real PNG) shows, and its {@code <audio>} player plays the mount from the same server.
     */
    @Test
    void aStationsOwnPageFromTheWebRootShowsItsLogoAndPlaysTheStream(@TempDir Path logs) throws Exception {
        Programs.require("node");
        Programs.require("/usr/bin/chromium");
        assertThat(Path.of("node_modules", "playwright-core")).as("run npm ci first").isDirectory();
        Path station = Files.createDirectories(logs.resolve("web").resolve("station"));
        Files.writeString(station.resolve("index.html"), """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Night Owl Radio</title>
                <link rel="icon" href="data:,"></head>
                <body><h1>Night Owl Radio</h1><img id="logo" src="logo.png" alt="logo">
                <audio id="player" src="/live" controls></audio></body></html>
                """);
        Programs.run(logs, Duration.ofSeconds(30), List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                "color=c=navy:s=48x32", "-frames:v", "1", station.resolve("logo.png").toString())).assertSuccess();
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(logs.resolve("web")));
             Programs.Running source = Ffmpeg.liveSource(logs, server.icecastUrl("/live"), 90, 440)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Mount mount = server.context().mounts().find("/live");
                return mount != null && mount.onAir() == OnAir.LIVE;
            });
            Programs.Result run = Programs.run(logs, Duration.ofSeconds(90), List.of("node", "scripts/webroot-check.mjs",
                    "--url", server.url("/station/index.html")));

            run.assertSuccess();
            JsonNode result = JSON.readTree(run.stdoutText());
            assertThat(result.path("error").asText("")).isEmpty();
            assertThat(result.get("pageStatus").asInt()).isEqualTo(200);
            assertThat(result.get("heading").asText()).isEqualTo("Night Owl Radio");
            assertThat(result.get("logo").get("width").asInt()).as("the PNG decoded").isEqualTo(48);
            assertThat(result.get("logo").get("height").asInt()).isEqualTo(32);
            assertThat(result.get("playError").isNull()).isTrue();
            assertThat(result.get("audioError").isNull()).isTrue();
            assertThat(result.get("currentTime").asDouble()).isGreaterThan(3.0);
            assertThat(result.get("failedRequests")).isEmpty();
            assertThat(result.get("consoleErrors")).isEmpty();
            assertThat(server.context().requests().filesServed()).isGreaterThanOrEqualTo(2);
        }
    }
}
