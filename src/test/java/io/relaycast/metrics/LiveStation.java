package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A running station for metrics tests: a real server, ffmpeg streaming a tone live to {@link #MOUNT}, and listeners
 * that keep reading, so that every meter has something to show.
 */
final class LiveStation implements AutoCloseable {

    static final String MOUNT = "/live";

    private final TestServer server;
    private final Programs.Running source;
    private final List<Capture> listeners = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private LiveStation(TestServer server, Programs.Running source) {
        this.server = server;
        this.source = source;
    }

    /** Starts the server and the live source, and waits until the mount is on air. */
    static LiveStation start(Path logDir) {
        TestServer server = TestServer.start();
        LiveStation station = new LiveStation(server, Ffmpeg.liveSource(logDir, server.icecastUrl(MOUNT), 120, 440));
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            Mount mount = server.context().mounts().find(MOUNT);
            return mount != null && mount.onAir() == OnAir.LIVE && mount.format() != null;
        });
        return station;
    }

    TestServer server() {
        return server;
    }

    Mount mount() {
        return server.context().mounts().find(MOUNT);
    }

    /** Connects a listener that keeps reading; returns once it has received audio. */
    Capture addListener() {
        RawClient client = RawClient.connect(server.port());
        client.send("GET " + MOUNT + " HTTP/1.0\r\nUser-Agent: metrics-test\r\n\r\n");
        assertThat(client.readHead().status()).isEqualTo(200);
        Capture listener = Capture.of(client);
        listeners.add(listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.bytes() > 0);
        return listener;
    }

    /** Makes the server refuse a listener (404) and a source with a wrong password (401). */
    void refuseRequests() {
        try (RawClient client = RawClient.connect(server.port())) {
            assertThat(client.send("GET /no-such-mount HTTP/1.0\r\n\r\n").readHead().status()).isEqualTo(404);
        }
        String wrong = Base64.getEncoder().encodeToString("source:wrong".getBytes(StandardCharsets.UTF_8));
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("SOURCE /other HTTP/1.0\r\nAuthorization: Basic " + wrong + "\r\nContent-Type: audio/mpeg\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(401);
        }
    }

    /** Sets the now-playing title the way encoders do. */
    void updateMetadata(String song) {
        String credentials = Base64.getEncoder().encodeToString(("source:" + TestServer.SOURCE_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = get("/admin/metadata?mode=updinfo&mount=" + MOUNT + "&song="
                + song.replace(" ", "%20"), "Basic " + credentials);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** The server's /metrics in the Prometheus text format. */
    String scrape() {
        HttpResponse<String> response = get("/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return response.body();
    }

    /** Ends the live source (ffmpeg killed). */
    void stopSource() {
        source.close();
    }

    private HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        listeners.forEach(Capture::close);
        source.close();
        server.close();
    }
}
