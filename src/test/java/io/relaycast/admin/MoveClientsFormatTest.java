package io.relaycast.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /admin/moveclients} between streams of different formats: the listeners are moved as Icecast moves them, and
 * the log says that their players hear a format change (VLC loses the audio when a mono stream turns stereo); between
 * streams of one format it says nothing.
 */
class MoveClientsFormatTest {

    @TempDir
    Path dir;

    @Test
    void aMoveFromAMonoStreamToAStereoOneIsMadeAndWarnedOf() throws Exception {
        String warning = moveOneListener(1, 2);
        assertThat(warning).isEqualTo("moved 1 listener(s) from /from (44100 Hz/mono) to /to (44100 Hz/stereo): their "
                + "players hear the stream change format, which some (VLC) cannot follow");
    }

    @Test
    void aMoveBetweenStreamsOfOneFormatIsNotWarnedOf() throws Exception {
        assertThat(moveOneListener(2, 2)).isNull();
    }

    /** Moves a listener from a playlist mount of {@code fromChannels} to one of {@code toChannels}; the warning, or null. */
    private String moveOneListener(int fromChannels, int toChannels) throws Exception {
        Path from = Files.createDirectories(dir.resolve("from"));
        Path to = Files.createDirectories(dir.resolve("to"));
        Ffmpeg.tone(from.resolve("a.mp3"), 30, 64, 330, fromChannels);
        Ffmpeg.tone(to.resolve("b.mp3"), 30, 128, 440, toChannels);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(
                MountConfig.withPlaylist("/from", from), MountConfig.withPlaylist("/to", to))));
             RawClient listener = RawClient.connect(server.port());
             LoggedWarnings warnings = LoggedWarnings.of(MoveClientsCommand.class)) {
            Mount target = server.context().mounts().find("/to");
            listener.send("GET /from HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > 16_000);
                assertThat(WebClient.get(server.url("/admin/moveclients?mount=/from&destination=/to"),
                        "Authorization", WebClient.admin()).statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(5)).until(() -> target.stats().currentListeners() == 1);
                long moved = capture.bytes();
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > moved + 16_000);
            }
            return warnings.first("moved", "");
        }
    }
}
