package io.relaycast.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.model.HealthCheck;
import io.relaycast.testing.Capture;
import io.relaycast.testing.DockerImages;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.FreePorts;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/**
 * The Docker image users run: built from the repository's Dockerfile and the shaded jar, started on the host network,
 * fed by a real ffmpeg encoder, listened to, and scraped for its metrics.
 */
class DockerImageIT {

    @TempDir
    static Path dir;

    private static int port;
    private static GenericContainer<?> relaycast;

    @BeforeAll
    static void startContainer() {
        port = FreePorts.pick();
        // The image's own health check, run every 5 s instead of every 30 s; Docker keeps the image's command.
        relaycast = DockerImages.relaycastContainer(port).withCreateContainerCmdModifier(create -> create.withHealthcheck(
                new HealthCheck().withInterval(TimeUnit.SECONDS.toNanos(5)).withStartPeriod(TimeUnit.SECONDS.toNanos(5))));
        relaycast.start();
    }

    @AfterAll
    static void stopContainer() {
        if (relaycast != null) {
            relaycast.stop();
        }
    }

    @Test
    void containerStartsAndAnswersHttpOnTheConfiguredPort() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();

        assertThat(relaycast.isRunning()).isTrue();
        assertThat(response.statusCode()).as("HTTP status of GET /").isBetween(100, 599);
    }

    @Test
    void streamsFromARealEncoderToAListenerAndCountsItInItsMetrics() throws Exception {
        String url = "icecast://source:" + DockerImages.SOURCE_PASSWORD + "@127.0.0.1:" + port + "/docker";
        try (Programs.Running encoder = Ffmpeg.liveSource(dir, url, 30, 440)) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (RawClient probe = RawClient.connect(port)) {
                    probe.send("HEAD /docker HTTP/1.0\r\n\r\n");
                    return probe.readHead().status() == 200;
                }
            });
            try (RawClient listener = RawClient.connect(port)) {
                listener.send("GET /docker HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(listener.readHead().header("Content-Type")).isEqualTo("audio/mpeg");
                try (Capture capture = Capture.of(listener)) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> capture.bytes() > 3 * 16_000);
                    FrameChain.assertChain(capture.data(), true);
                    String metrics = get("/metrics");
                    assertThat(metrics).contains("relaycast_listeners{mount=\"/docker\"} 1.0");
                    assertThat(metrics).contains("relaycast_source_connected{mount=\"/docker\"} 1.0");
                    assertThat(metrics).containsPattern("relaycast_source_received_frames_total\\{mount=\"/docker\"} [1-9]");
                }
            }
        }
    }

    private static String get(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theImagesHealthCheckFindsTheServerHealthy() throws Exception {
        List<String> check = relaycast.getCurrentContainerInfo().getConfig().getHealthcheck().getTest();
        assertThat(check).as("the Dockerfile's HEALTHCHECK").startsWith("CMD").contains("healthcheck");
        await().atMost(Duration.ofSeconds(40)).until(() -> "healthy".equals(health()));

        Container.ExecResult elsewhere = relaycast.execInContainer("java", "-jar", "/opt/relaycast/relaycast.jar",
                "healthcheck", "--url", "http://127.0.0.1:" + port + "/no-such-page");
        assertThat(elsewhere.getExitCode()).as("a 404 is not healthy").isEqualTo(1);
        assertThat(elsewhere.getStderr()).contains("answered 404");
    }

    private static String health() {
        HealthState health = relaycast.getCurrentContainerInfo().getState().getHealth();
        return health == null ? null : health.getStatus();
    }

    @Test
    void serverRunsAsAnUnprivilegedUser() throws Exception {
        Container.ExecResult id = relaycast.execInContainer("id", "-u");

        assertThat(id.getExitCode()).isZero();
        assertThat(id.getStdout().trim()).as("uid of the server's user").isNotEqualTo("0");
    }
}
