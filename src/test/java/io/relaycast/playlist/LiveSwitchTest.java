package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ffmpeg source takes a playlist mount over and leaves again, three times, while one ICY listener stays
 * connected: what it got is one valid frame chain that ffmpeg and mpg123 decode without error, and the titles it saw
 * follow the switches.
 */
class LiveSwitchTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try")
    void listenerSurvivesThreeLiveTakeoversWithAValidContinuousStreamAndTitlesThatFollow() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 20, 128, 440, "Auto", "Dj");
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/live",
                music)))); IcyRecorder listener = new IcyRecorder(server.port(), "/live")) {
            Mount mount = server.context().mounts().find("/live");
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.titleTexts().contains("Auto - Dj"));
            List<String> expected = new ArrayList<>(List.of("Auto - Dj"));
            for (int round = 1; round <= 3; round++) {
                long switches = mount.stats().switches();
                try (Programs.Running source = Ffmpeg.liveSource(dir.resolve("logs"), server.icecastUrl("/live"), 2.5,
                        330 + round * 110)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> mount.onAir() == OnAir.LIVE);
                    setTitle(server, "Live " + round);
                    expected.add("Live " + round);
                    await().atMost(Duration.ofSeconds(15)).until(() -> mount.stats().switches() >= switches + 2);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.PLAYLIST);
                expected.add("Auto - Dj");
                int heard = listener.audioBytes();
                await().atMost(Duration.ofSeconds(10)).until(() -> listener.audioBytes() > heard + 2 * 16_000 + 64 * 1024
                        && titles(listener).size() >= expected.size());
            }
            assertThat(listener.healthy()).as("listener connection survived: %s", listener.failure()).isTrue();
            // A new source starts with an empty title until it sends one: those blocks are left out.
            assertThat(titles(listener)).containsExactlyElementsOf(expected);
            assertThat(mount.stats().sourceConnects()).isEqualTo(3);

            byte[] audio = listener.audio();
            int frames = FrameChain.assertChain(audio, false);
            assertThat(frames).isGreaterThan(400);
            Path received = Files.write(dir.resolve("received.mp3"), audio);
            assertThat(Ffmpeg.decodeErrors(received)).isEmpty();
            Programs.Result mpg123 = Programs.run(Duration.ofSeconds(60), "mpg123", "-t", received.toString());
            mpg123.assertSuccess();
            assertThat(mpg123.stderrText()).doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("warning");
        }
    }

    private static List<String> titles(IcyRecorder listener) {
        // A track that starts again (the playlist loops) sends its title again: consecutive repeats count once.
        List<String> titles = new ArrayList<>();
        for (String title : listener.titleTexts()) {
            if (!title.isEmpty() && (titles.isEmpty() || !titles.get(titles.size() - 1).equals(title))) {
                titles.add(title);
            }
        }
        return titles;
    }

    private static void setTitle(TestServer server, String title) {
        try (RawClient admin = RawClient.connect(server.port())) {
            String auth = Base64.getEncoder().encodeToString(("source:" + TestServer.SOURCE_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            admin.send("GET /admin/metadata?mode=updinfo&mount=/live&song=" + URLEncoder.encode(title, StandardCharsets.UTF_8)
                    + " HTTP/1.0\r\nAuthorization: Basic " + auth + "\r\n\r\n");
            assertThat(admin.readHead().status()).isEqualTo(200);
        }
    }
}
