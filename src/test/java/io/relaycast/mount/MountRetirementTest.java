package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.testing.Capture;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount that a source made goes when nothing is left on it, as in Icecast: its audio, status entry and meters with it,
 * so encoders trying one mount name after another cost nothing once they have left. Real server, real sockets.
 */
class MountRetirementTest {

    private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static byte[] twoSeconds;

    @BeforeAll
    static void encodeAudio() {
        twoSeconds = TestAudio.concat(TestAudio.toneFrames(dir, 2));
    }

    @Test
    void aMountASourceMadeGoesWhenItsSourceLeavesAndComesBackWithTheNextSource() {
        try (TestServer server = TestServer.start()) {
            Mount first;
            try (RawClient source = RawSource.open(server.port(), "/show")) {
                source.send(twoSeconds);
                await().atMost(GONE_WITHIN).until(() -> find(server, "/show") != null && find(server, "/show").format() != null);
                first = find(server, "/show");
                assertThat(metrics(server)).contains("relaycast_source_connected{mount=\"/show\"} 1.0");
            }
            await().atMost(GONE_WITHIN).until(() -> find(server, "/show") == null);
            assertThat(first.isClosed()).isTrue();
            assertThat(metrics(server)).doesNotContain("mount=\"/show\"");
            assertThat(WebClient.get(server.url("/status-json.xsl")).body()).doesNotContain("/show");
            assertThat(WebClient.get(server.url("/show")).statusCode()).isEqualTo(404);

            try (RawClient source = RawSource.open(server.port(), "/show");
                 RawClient listener = RawClient.connect(server.port())) {
                source.send(twoSeconds);
                await().atMost(GONE_WITHIN).until(() -> find(server, "/show") != null && find(server, "/show").format() != null);
                assertThat(find(server, "/show")).as("a new mount").isNotSameAs(first);
                listener.send("GET /show HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                FrameChain.assertChain(listener.readExactly(8_000), true);
                assertThat(metrics(server)).contains("relaycast_source_connected{mount=\"/show\"} 1.0")
                        .contains("relaycast_source_connects_total{mount=\"/show\"} 1.0");
            }
        }
    }

    @Test
    void listenersLeftBehindKeepTheMountUntilTheLastOneLeaves() {
        try (TestServer server = TestServer.start();
             RawClient listener = RawClient.connect(server.port())) {
            Mount mount;
            Capture heard;
            try (RawClient source = RawSource.open(server.port(), "/dj")) {
                source.send(twoSeconds);
                await().atMost(GONE_WITHIN).until(() -> find(server, "/dj") != null && find(server, "/dj").format() != null);
                mount = find(server, "/dj");
                listener.send("GET /dj HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                heard = Capture.of(listener);
            }
            await().atMost(GONE_WITHIN).until(() -> mount.onAir() == OnAir.SILENCE);
            long before = heard.bytes();
            await().atMost(GONE_WITHIN).until(() -> heard.bytes() > before + 16_000);
            assertThat(find(server, "/dj")).as("still there for its listener").isSameAs(mount);
            assertThat(heard.ended()).isFalse();

            heard.close();
            await().atMost(GONE_WITHIN).until(() -> find(server, "/dj") == null);
            assertThat(mount.isClosed()).isTrue();
        }
    }

    @Test
    void hundredsOfMountNamesTriedOneAfterAnotherLeaveNothingBehind() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.of("/radio"))))) {
            for (int i = 0; i < 200; i++) {
                try (RawClient source = RawSource.open(server.port(), "/try-" + i)) {
                    source.send(twoSeconds);
                }
            }
            await().atMost(GONE_WITHIN).until(() -> server.context().mounts().all().size() == 1);
            assertThat(find(server, "/radio")).as("a configured mount stays").isNotNull();
            assertThat(metrics(server)).doesNotContain("/try-").contains("mount=\"/radio\"");
        }
    }

    @Test
    void aMountAnotherFallsBackToStaysWhileItsSourceIsAway() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.of("/main"))));
             RawClient listener = RawClient.connect(server.port())) {
            Mount main = find(server, "/main");
            listener.send("GET /main HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture heard = Capture.of(listener)) {
                Mount backup;
                try (RawClient source = RawSource.open(server.port(), "/backup")) {
                    source.send(twoSeconds);
                    await().atMost(GONE_WITHIN).until(() -> find(server, "/backup") != null);
                    backup = find(server, "/backup");
                    String fallbacks = server.url("/admin/fallbacks?mount=/main&fallback=/backup");
                    assertThat(WebClient.get(fallbacks, "Authorization", WebClient.admin()).statusCode()).isEqualTo(200);
                    source.send(twoSeconds);
                    await().atMost(GONE_WITHIN).until(() -> main.onAir() == OnAir.FALLBACK_MOUNT);
                }
                await().atMost(GONE_WITHIN).until(() -> main.onAir() == OnAir.SILENCE);

                try (RawClient source = RawSource.open(server.port(), "/backup")) {
                    assertThat(find(server, "/backup")).as("kept for /main").isSameAs(backup);
                    source.send(twoSeconds);
                    await().atMost(GONE_WITHIN).until(() -> main.onAir() == OnAir.FALLBACK_MOUNT);
                }
                assertThat(heard.ended()).isFalse();
                FrameChain.assertChain(heard.data(), true);
            }
        }
    }

    private static Mount find(TestServer server, String path) {
        return server.context().mounts().find(path);
    }

    private static String metrics(TestServer server) {
        return WebClient.get(server.url("/metrics")).body();
    }
}
