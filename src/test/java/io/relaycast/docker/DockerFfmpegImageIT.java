package io.relaycast.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.testing.Capture;
import io.relaycast.testing.CleanAudio;
import io.relaycast.testing.DockerImages;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.FreePorts;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/**
 * The Docker image built with {@code WITH_FFMPEG=true}: a mount's {@code conform} works in it, as the unprivileged user
 * the server runs as, so a DJ at 48 kHz on a mount declared 44.1 kHz reaches listeners at 44.1 kHz.
 */
class DockerFfmpegImageIT {

    @TempDir
    Path dir;

    @Test
    void conformReencodesADjAtAnotherSampleRateInsideTheContainer() throws Exception {
        int port = FreePorts.pick();
        try (GenericContainer<?> relaycast = DockerImages.relaycastContainerWithFfmpeg(port)
                .withEnv("RELAYCAST_MOUNT", "/live").withEnv("RELAYCAST_CONFORM", "true")
                .withEnv("RELAYCAST_SAMPLE_RATE", "44100").withEnv("RELAYCAST_CHANNELS", "2")) {
            relaycast.start();
            Container.ExecResult ffmpeg = relaycast.execInContainer("ffmpeg", "-hide_banner", "-version");
            assertThat(ffmpeg.getExitCode()).as(ffmpeg.getStderr()).isZero();

            String url = "icecast://source:" + DockerImages.SOURCE_PASSWORD + "@127.0.0.1:" + port + "/live";
            try (RawClient listener = RawClient.connect(port)) {
                listener.send("GET /live HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                try (Capture capture = Capture.of(listener);
                     Programs.Running dj = Ffmpeg.liveSource(dir, url, 30, 660, "-ar", "48000")) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> reencodedFrames(port) > 100);
                    long bytes = capture.bytes();
                    await().atMost(Duration.ofSeconds(20)).until(() -> capture.bytes() > bytes + 3 * 16_000);
                    String metrics = get(port, "/metrics");
                    assertThat(metrics).contains("relaycast_mount_format_changes_total{mount=\"/live\"} 0.0");
                    assertThat(metrics).contains("relaycast_mount_reencode_dropped_frames_total{mount=\"/live\"} 0.0");
                    byte[] heard = capture.data();
                    CleanAudio.assertDecodesCleanly(dir, heard, 100);
                    assertThat(FrameChain.sampleRates(heard)).as("the silence before, then the DJ re-encoded")
                            .containsExactly(44_100);
                }
            }
        }
    }

    private static double reencodedFrames(int port) throws Exception {
        String prefix = "relaycast_mount_reencoded_frames_total{mount=\"/live\"} ";
        return get(port, "/metrics").lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst().orElse(0);
    }

    private static String get(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
