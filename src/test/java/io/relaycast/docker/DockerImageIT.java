package io.relaycast.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.DockerImages;
import io.relaycast.testing.FreePorts;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/**
 * The Docker image users run: built from the repository's Dockerfile and the shaded jar, started on the host network.
 *
 * <p>Extension point: tests that stream into the containerized server start {@link #relaycast} the same way, then
 * feed it with a real encoder, e.g.
 * {@code Programs.start("ffmpeg", "-re", "-i", file, "-c:a", "copy", "-content_type", "audio/mpeg", "-f", "mp3",
 * "icecast://source:" + DockerImages.SOURCE_PASSWORD + "@127.0.0.1:" + port + "/live")}, and listen on
 * {@code http://127.0.0.1:port/live}.
 */
class DockerImageIT {

    private static int port;
    private static GenericContainer<?> relaycast;

    @BeforeAll
    static void startContainer() {
        port = FreePorts.pick();
        relaycast = DockerImages.relaycastContainer(port);
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
    void serverRunsAsAnUnprivilegedUser() throws Exception {
        Container.ExecResult id = relaycast.execInContainer("id", "-u");

        assertThat(id.getExitCode()).isZero();
        assertThat(id.getStdout().trim()).as("uid of the server's user").isNotEqualTo("0");
    }
}
