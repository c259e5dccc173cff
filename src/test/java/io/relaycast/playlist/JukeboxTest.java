package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The playlist as a jukebox: what plays, what comes next, queue and skip, heard by a real listener. */
class JukeboxTest {

    @TempDir
    Path dir;

    @Test
    void enqueueAndSkipChangeWhatPlaysOnAFrameBoundary() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 12, 128, 440, "A", "First");
        TestTracks.tagged(music.resolve("b.mp3"), 12, 128, 550, "B", "Second");
        TestTracks.tagged(music.resolve("c.mp3"), 12, 0, 660, "C", "Third");
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/live",
                music)))); IcyRecorder listener = new IcyRecorder(server.port(), "/live")) {
            Jukebox jukebox = server.context().jukeboxes().forMount("/live").orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> jukebox.current().isPresent());
            assertThat(jukebox.current().orElseThrow().title()).isEqualTo("A - First");
            assertThat(jukebox.tracks()).extracting(Track::id).containsExactly("a.mp3", "b.mp3", "c.mp3");
            assertThat(jukebox.upcoming(2)).extracting(Track::id).containsExactly("b.mp3", "c.mp3");

            assertThat(jukebox.enqueue("nope.mp3")).isEqualTo(Jukebox.Enqueued.NO_SUCH_TRACK);
            assertThat(jukebox.enqueue("c.mp3")).isEqualTo(Jukebox.Enqueued.QUEUED);
            assertThat(jukebox.upcoming(2)).extracting(Track::id).containsExactly("c.mp3", "b.mp3");
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.titleTexts().contains("A - First"));
            jukebox.skip();

            await().atMost(Duration.ofSeconds(10)).until(() -> listener.titleTexts().contains("C - Third"));
            assertThat(jukebox.current().orElseThrow().id()).isEqualTo("c.mp3");
            assertThat(listener.titleTexts()).doesNotContain("B - Second");
            int heard = listener.audioBytes();
            // C is VBR: a sine tone needs few bits, so ask for only ~2 s of it.
            await().atMost(Duration.ofSeconds(10)).until(() -> !listener.healthy() || listener.audioBytes() > heard + 20_000);
            assertThat(listener.healthy()).as("listener: %s after %d bytes, sent %d", listener.failure(), listener.audioBytes(),
                    server.context().mounts().find("/live").stats().bytesSent()).isTrue();
            byte[] audio = listener.audio();
            FrameChain.assertChain(audio, false);
            assertThat(Ffmpeg.decodeErrors(Files.write(dir.resolve("received.mp3"), audio))).isEmpty();
        }
    }
}
