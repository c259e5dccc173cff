package io.relaycast.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ConnectionLimits;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FormServer;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-sources} (Icecast's {@code <sources>}): with that many live, one more encoder is refused as Icecast
 * refuses it, one taking over a mount already live is not, and a place freed is taken again. Real sockets, and ffmpeg as
 * the encoder turned away.
 */
class MaxSourcesTest {

    private static final String PASSWORD = TestServer.SOURCE_PASSWORD;

    @TempDir
    Path dir;

    @Test
    void oneSourceMoreThanTheLimitIsToldTooManySourcesAndAFreedPlaceIsTakenAgain() throws Exception {
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        // Sources silent after their second of audio are not dropped for it while the test runs.
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(60)).withShoutcastMount("/sc")
                .withLimits(new ConnectionLimits(0, 0, 2)))) {
            RawClient first = RawSource.onAir(server.port(), "/one", PASSWORD);
            try (RawClient second = RawSource.onAir(server.port(), "/two", PASSWORD)) {
                first.send(audio);
                second.send(audio);
                try (RawClient third = RawSource.login(server.port(), "/three", PASSWORD)) {
                    RawClient.Head head = third.readHead();
                    assertThat(head.status()).isEqualTo(403);
                    assertThat(new String(third.readToEnd(), StandardCharsets.UTF_8)).contains("Too many sources connected");
                }
                assertThat(RawSource.loginStatus(server.port(), "/three", "wrong")).as("a wrong password is told so first")
                        .isEqualTo(401);
                String url = "icecast://source:" + PASSWORD + "@127.0.0.1:" + server.port() + "/ffmpeg";
                try (Programs.Running ffmpeg = Ffmpeg.liveSource(dir, url, 5, 440)) {
                    await().atMost(Duration.ofSeconds(15)).until(() -> !ffmpeg.process().isAlive());
                    assertThat(ffmpeg.process().exitValue()).isNotZero();
                    assertThat(Files.readString(ffmpeg.stderr())).contains("403");
                }
                try (RawClient shoutcast = RawClient.connect(server.server().shoutcastPort())) {
                    shoutcast.send(PASSWORD + "\r\n");
                    assertThat(shoutcast.readToEnd()).as("no OK2").isEmpty();
                }
                assertThat(server.context().mounts().find("/three")).isNull();

                try (RawClient takeover = RawSource.login(server.port(), "/one", PASSWORD)) {
                    await("an encoder reconnecting to its mount waits for it")
                            .until(() -> server.context().mounts().sourcesWaitingFor("/one") == 1);
                    first.close();
                    assertThat(takeover.readHead().status()).as("an encoder reconnecting to its mount").isEqualTo(100);
                    takeover.send(audio);
                    await().until(() -> server.context().mounts().find("/one") != null
                            && server.context().mounts().find("/one").onAir() == OnAir.LIVE);
                }
                await().until(() -> server.context().mounts().find("/one") == null);
                try (RawClient third = RawSource.onAir(server.port(), "/three", PASSWORD)) {
                    third.send(audio);
                    await().until(() -> server.context().mounts().find("/three").onAir() == OnAir.LIVE);
                }
            }
        }
    }

    /**
     * The limit holds for sources whose login a backend decides: both asked at once with one place left, both let in,
     * and only the first to claim a mount goes on air; the other hears Icecast's 403, not a place over the limit.
     */
    @Test
    void twoDjsLetInByTheBackendAtOnceDoNotBothTakeTheLastPlace() throws Exception {
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        try (FormServer backend = FormServer.start(form -> Map.of("icecast-auth-user", "1"));
             TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(60))
                     .withLimits(new ConnectionLimits(0, 0, 1)).withMounts(List.of(authorisedBy(backend, "/a"),
                             authorisedBy(backend, "/b"))), 2)) {
            Runnable answer = backend.holdAnswers();
            try (RawClient a = RawClient.connect(server.port()); RawClient b = RawClient.connect(server.port())) {
                a.send(RawSource.packet(sourceHead("/a"), audio));
                b.send(RawSource.packet(sourceHead("/b"), audio));
                await().atMost(Duration.ofSeconds(5)).until(() -> backend.posts().size() == 2);
                answer.run();
                List<Integer> statuses = List.of(a.readHead().status(), b.readHead().status());
                assertThat(statuses).containsExactlyInAnyOrder(200, 403);
                RawClient refused = statuses.get(0) == 403 ? a : b;
                assertThat(new String(refused.readToEnd(), StandardCharsets.UTF_8)).contains("Too many sources connected");
                assertThat(server.context().mounts().all().stream().filter(mount -> mount.liveSource() != null))
                        .hasSize(1);
            }
        }
    }

    private static MountConfig authorisedBy(FormServer backend, String path) {
        return MountConfig.builder(path).sourceAuthUrl(URI.create(backend.url("/stream-auth"))).build();
    }

    private static String sourceHead(String mount) {
        return "SOURCE " + mount + " HTTP/1.0\r\nAuthorization: " + RawSource.basic("dj", "secret")
                + "\r\nContent-Type: audio/mpeg\r\n\r\n";
    }
}
