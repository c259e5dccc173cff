package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Programs;
import io.relaycast.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Icecast's fallback-mount as a relaying input: listeners of /main hear /backup, then /main's own source, then /backup. */
class FallbackMountTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try")
    void aMountWithoutSourceRelaysItsFallbackMountAndItsSourceOverridesIt() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("b.mp3"), 20, 128, 440, "Backup", "Track");
        List<MountConfig> mounts = List.of(
                new MountConfig("/main", null, null, false, null, "/backup", null, null, null),
                MountConfig.withPlaylist("/backup", music));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(mounts));
             IcyRecorder listener = new IcyRecorder(server.port(), "/main")) {
            Mount main = server.context().mounts().find("/main");
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.titleTexts().contains("Backup - Track"));
            assertThat(main.onAir()).isEqualTo(OnAir.FALLBACK_MOUNT);

            try (Programs.Running source = Ffmpeg.liveSource(dir.resolve("logs"), server.icecastUrl("/main"), 2, 660)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> main.onAir() == OnAir.LIVE);
                await().atMost(Duration.ofSeconds(10)).until(() -> main.onAir() == OnAir.FALLBACK_MOUNT);
            }
            int heard = listener.audioBytes();
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.audioBytes() > heard + 3 * 16_000);
            assertThat(listener.healthy()).as("listener: %s", listener.failure()).isTrue();
            assertThat(listener.titleTexts()).filteredOn(title -> !title.isEmpty())
                    .containsSubsequence("Backup - Track", "Backup - Track");
            byte[] audio = listener.audio();
            FrameChain.assertChain(audio, false);
            assertThat(Ffmpeg.decodeErrors(Files.write(dir.resolve("received.mp3"), audio))).isEmpty();
            assertThat(main.stats().sourceConnects()).isEqualTo(1);
        }
    }
}
