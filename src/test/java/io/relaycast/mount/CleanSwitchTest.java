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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switches that join a stream mid-way, as a listener hears them: a source whose audio was already running when it
 * connected (a relay, an encoder that reconnects) takes over from the playlist, and the playlist resumes mid-track when
 * it leaves. Without care, the first frames after each switch decode to a burst of noise; here ffmpeg and mpg123 both
 * hear at most a few frames of silence.
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
                for (DecodedAudio decoded : List.of(DecodedAudio.ffmpeg(heard), DecodedAudio.mpg123(heard))) {
                    assertThat(decoded.frames()).isGreaterThan(LIVE_FRAMES + 200);
                    assertThat(decoded.maxNoise(1, decoded.frames() - 1)).as("noise anywhere in what the listener heard")
                            .isLessThanOrEqualTo(1.5 * loudestTone);
                }
            }
        }
    }
}
