package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.testing.Capture;
import io.relaycast.testing.DecodedAudio;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switches that join a stream mid-way, as a listener hears them: a source whose audio was already running when it
 * connected (a relay, an encoder that reconnects) takes over from the playlist, and the playlist resumes mid-track when
 * it leaves; and a listener moved to another mount. Without care, the first frames after each switch decode to a burst
 * of noise; here ffmpeg and mpg123 both hear at most a few frames of silence.
 */
class CleanSwitchTest {

    private static final int JOIN_AT = 100;
    private static final int LIVE_FRAMES = 150;

    @TempDir
    Path dir;

    @Test
    void aSourceJoiningMidStreamAndThePlaylistResumingMidTrackAreHeardWithoutANoiseBurst() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("a.mp3"), 30, 128, 440);
        Path liveTone = Ffmpeg.tone(dir.resolve("b.mp3"), 8, 128, 550);
        List<byte[]> live = TestAudio.frames(liveTone).subList(JOIN_AT, JOIN_AT + LIVE_FRAMES);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/live",
                music)))); RawClient listener = RawClient.connect(server.port())) {
            Mount mount = server.context().mounts().find("/live");
            listener.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > 100_000);
                try (RawClient source = RawSource.open(server.port(), "/live")) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.LIVE);
                    source.send(TestAudio.concat(live));
                    await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().framesReceived() >= LIVE_FRAMES);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.PLAYLIST);
                long resumed = capture.bytes();
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > resumed + 80_000);

                assertThat(mount.stats().reservoirBridges()).as("frames bridged at the two switches").isBetween(2L, 4L);
                byte[] audio = FrameChain.wholeFrames(capture.data());
                FrameChain.assertChain(audio, false);
                Path heard = Files.write(dir.resolve("heard.mp3"), audio);
                // Low tones, whose high-frequency energy is small next to that of a burst of noise.
                double loudestTone = DecodedAudio.ffmpeg(liveTone).maxNoise(10, 250);
                assertHeardWithoutNoiseBurst(heard, loudestTone, LIVE_FRAMES + 200);
            }
        }
    }

    /** The other switch a listener can go through: an admin moves it to another mount, whose stream it joins mid-way. */
    @Test
    void aListenerMovedToAnotherMountHearsNoNoiseBurst() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Ffmpeg.tone(first.resolve("a.mp3"), 30, 128, 330);
        Path louder = Ffmpeg.tone(second.resolve("b.mp3"), 30, 128, 440);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(
                MountConfig.withPlaylist("/first", first), MountConfig.withPlaylist("/second", second))));
             RawClient listener = RawClient.connect(server.port())) {
            Mount target = server.context().mounts().find("/second");
            listener.send("GET /first HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > 100_000);
                assertThat(WebClient.get(server.url("/admin/moveclients?mount=/first&destination=/second"),
                        "Authorization", WebClient.admin()).statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(5)).until(() -> target.stats().currentListeners() == 1);
                long moved = capture.bytes();
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > moved + 64_000);

                byte[] audio = FrameChain.wholeFrames(capture.data());
                FrameChain.assertChain(audio, false);
                Path heard = Files.write(dir.resolve("moved.mp3"), audio);
                assertHeardWithoutNoiseBurst(heard, DecodedAudio.ffmpeg(louder).maxNoise(10, 250), 200);
            }
        }
    }

    private static void assertHeardWithoutNoiseBurst(Path heard, double loudestTone, int atLeastFrames) {
        for (DecodedAudio decoded : List.of(DecodedAudio.ffmpeg(heard), DecodedAudio.mpg123(heard))) {
            assertThat(decoded.frames()).isGreaterThan(atLeastFrames);
            assertThat(decoded.maxNoise(1, decoded.frames() - 1)).as("noise anywhere in what the listener heard")
                    .isLessThanOrEqualTo(1.5 * loudestTone);
        }
    }
}
