package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.mount.Mount;
import io.relaycast.testing.Capture;
import io.relaycast.testing.FormServer;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that shut down their sending side once they have sent their request (a TCP half-close: {@code nc -N},
 * {@code shutdown(SHUT_WR)}), on real sockets. A listener keeps listening, as with Icecast; any other connection ends
 * when its work is done, and one whose request can no longer complete ends at once.
 */
class HalfCloseTest {

    /** Far longer than any wait here, so that a close seen here is not one of the timeouts. */
    private static final Duration PATIENT = Duration.ofSeconds(30);
    /** About a second of audio at 128 kbit/s. */
    private static final int BATCH = 38;

    @TempDir
    static Path dir;
    static List<byte[]> frames;

    @BeforeAll
    static void makeAudio() {
        frames = TestAudio.toneFrames(dir, 6);
    }

    @Test
    void aListenerThatHalfClosesAfterItsRequestKeepsGettingAudioUntilItsSocketIsGone() {
        try (TestServer server = TestServer.start(patientConfig());
             RawClient source = RawSource.open(server.port(), "/live");
             RawClient listener = RawClient.connect(server.port())) {
            source.send(TestAudio.concat(frames.subList(0, BATCH)));
            awaitListenable(server);
            listener.send("GET /live HTTP/1.0\r\n\r\n");
            halfClose(listener);
            assertThat(listener.readHead().status()).isEqualTo(200);
            keepsListeningUntilItsSocketIsGone(server, source, listener);
        }
    }

    /**
     * A listener that half-closes while the server still waits for the mount's authentication backend (Icecast's
     * {@code listener_add}): its request is in, so it is answered as the backend says, as by Icecast. Let in, it gets its
     * 200 and the audio, and the backend hears when it leaves; refused, it gets the refusal and the connection closes.
     */
    @Test
    void aListenerThatHalfClosesWhileTheAuthenticationBackendDecidesIsAnsweredAsTheBackendSays() {
        Semaphore decisions = new Semaphore(0);
        try (FormServer backend = FormServer.start(form -> heldAnswer(form, decisions))) {
            String auth = backend.url("/auth/");
            MountConfig premium = MountConfig.builder("/live")
                    .listeners(ListenerRules.builder()
                            .auth(new ListenerAuth(null, URI.create(auth + "add"), URI.create(auth + "remove"))).build())
                    .build();
            try (TestServer server = TestServer.start(patientConfig().withMounts(List.of(premium)));
                 RawClient source = RawSource.open(server.port(), "/live")) {
                source.send(TestAudio.concat(frames.subList(0, BATCH)));
                awaitListenable(server);
                try (RawClient alice = halfClosedWhileTheBackendDecides(server, backend, "alice")) {
                    decisions.release();
                    assertThat(alice.readHead().status()).isEqualTo(200);
                    keepsListeningUntilItsSocketIsGone(server, source, alice);
                }
                await("the backend hears that the listener left").atMost(Duration.ofSeconds(10))
                        .until(() -> actions(backend).contains("listener_remove"));

                try (RawClient bob = halfClosedWhileTheBackendDecides(server, backend, "bob")) {
                    decisions.release();
                    RawClient.Head head = bob.readHead();
                    assertThat(head.status()).isEqualTo(401);
                    assertThat(new String(bob.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("Subscription expired\n");
                    assertThat(bob.closedByServer(5000)).isTrue();
                }
                assertThat(server.context().listeners().count()).isZero();
                assertThat(server.context().mounts().find("/live").stats().currentListeners()).isZero();
                assertThat(actions(backend)).containsExactly("listener_add", "listener_remove", "listener_add");
            }
        }
    }

    /** The backend: lets alice in and refuses anyone else, each time once the test lets it decide. */
    private static Map<String, String> heldAnswer(Map<String, String> form, Semaphore decisions) {
        if (!"listener_add".equals(form.get("action"))) {
            return Map.of();
        }
        try {
            // Bounded, so that a failed test cannot hold the backend's only thread for ever; it then fails on its own.
            decisions.tryAcquire(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "alice".equals(form.get("user")) ? Map.of("icecast-auth-user", "1")
                : Map.of("icecast-auth-message", "Subscription expired");
    }

    /**
     * A listener's request for {@code /live} as {@code user}: it half-closes once the backend is asked, and is returned
     * once the server has seen the half-close, its answer still to come.
     */
    private static RawClient halfClosedWhileTheBackendDecides(TestServer server, FormServer backend, String user) {
        int asked = backend.posts().size();
        RawClient listener = RawClient.connect(server.port());
        listener.send("GET /live HTTP/1.0\r\nAuthorization: " + WebClient.basic(user, "pw") + "\r\n\r\n");
        await("the backend is asked").atMost(Duration.ofSeconds(10)).until(() -> backend.posts().size() > asked);
        SocketAddress client = listener.socket().getLocalSocketAddress();
        assertThat(server.server().connections().stream().anyMatch(channel -> client.equals(channel.remoteAddress())))
                .as("the server's side of the listener's connection is found").isTrue();
        halfClose(listener);
        // Seen, or the connection is gone already (which its answer then shows).
        await("the server sees the half-close").atMost(Duration.ofSeconds(10)).until(() -> server.server().connections()
                .stream().noneMatch(channel -> client.equals(channel.remoteAddress()) && !InputEndHandler.inputEnded(channel)));
        return listener;
    }

    private static List<String> actions(FormServer backend) {
        return backend.posts().stream().map(post -> post.get("action")).toList();
    }

    /**
     * A listener whose response head has been read, and that has half-closed: it gets all the audio the source sends
     * (whole frames), until its socket is closed; the server's writes then fail, and end the connection.
     */
    private static void keepsListeningUntilItsSocketIsGone(TestServer server, RawClient source, RawClient listener) {
        Capture audio = Capture.of(listener);
        int sentAfterHalfClose = 0;
        for (int from = BATCH; from + BATCH <= frames.size(); from += BATCH) {
            long before = audio.bytes();
            byte[] batch = TestAudio.concat(frames.subList(from, from + BATCH));
            source.send(batch);
            sentAfterHalfClose += batch.length;
            await().atMost(Duration.ofSeconds(10)).failFast("the server closed the listener", audio::ended)
                    .until(() -> audio.bytes() > before);
        }
        int sent = sentAfterHalfClose;
        await().atMost(Duration.ofSeconds(10)).failFast("the server closed the listener", audio::ended)
                .until(() -> audio.bytes() >= sent);
        FrameChain.assertChain(audio.data(), true);
        assertThat(server.context().listeners().count()).isEqualTo(1);

        audio.close();
        int[] next = {0};
        await("the writes after the listener's socket closed fail, and end the connection")
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    // About an encoder's pace (four frames, 104 ms of audio, a poll): the writes go on until one fails.
                    source.send(TestAudio.concat(List.of(frames.get(next[0]++ % frames.size()),
                            frames.get(next[0]++ % frames.size()), frames.get(next[0]++ % frames.size()),
                            frames.get(next[0]++ % frames.size()))));
                    return server.context().listeners().count() == 0;
                });
    }

    @Test
    void aStatusRequestSentWithAHalfCloseIsAnsweredAndTheConnectionThenCloses() {
        try (TestServer server = TestServer.start(patientConfig())) {
            for (String version : List.of("HTTP/1.0", "HTTP/1.1")) {
                try (RawClient client = RawClient.connect(server.port())) {
                    client.send("GET /status-json.xsl " + version + "\r\nHost: x\r\n\r\n");
                    halfClose(client);
                    RawClient.Head head = client.readHead();
                    assertThat(head.status()).as(version).isEqualTo(200);
                    byte[] body = client.readExactly(Integer.parseInt(head.header("Content-Length")));
                    assertThat(new String(body, StandardCharsets.UTF_8)).as(version).contains("\"icestats\"");
                    assertThat(client.closedByServer(5000)).as(version + ": closed once answered, even when kept alive")
                            .isTrue();
                }
            }
        }
    }

    @Test
    void pipelinedRequestsSentWithAHalfCloseAreAllAnsweredBeforeTheClose() {
        try (TestServer server = TestServer.start(patientConfig()); RawClient client = RawClient.connect(server.port())) {
            client.send("GET /status-json.xsl HTTP/1.1\r\nHost: x\r\n\r\n".repeat(3));
            halfClose(client);
            for (int answer = 1; answer <= 3; answer++) {
                RawClient.Head head = client.readHead();
                assertThat(head.status()).as("answer %d", answer).isEqualTo(200);
                client.readExactly(Integer.parseInt(head.header("Content-Length")));
            }
            assertThat(client.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void aConnectionThatHalfClosesBeforeItsRequestHeadIsCompleteIsClosedAtOnce() {
        try (TestServer server = TestServer.start(patientConfig())) {
            for (String partial : List.of("", "GET /li", "GET /live HTTP/1.1\r\nHost: x\r\n")) {
                try (RawClient client = RawClient.connect(server.port())) {
                    client.send(partial);
                    halfClose(client);
                    assertThat(client.closedByServer(5000)).as("'%s' then a half-close: not held until the header timeout",
                            partial.replace("\r\n", "\\r\\n")).isTrue();
                }
            }
        }
    }

    @Test
    void aSourceThatHalfClosesHasFinishedAndLeavesAtOnce() {
        try (TestServer server = TestServer.start(patientConfig());
             RawClient source = RawSource.open(server.port(), "/live")) {
            source.send(TestAudio.concat(frames.subList(0, BATCH)));
            awaitListenable(server);
            Mount mount = server.context().mounts().find("/live");
            assertThat(mount.liveSource()).isNotNull();
            halfClose(source);
            await("gone well before the source timeout").atMost(Duration.ofSeconds(5)).until(() -> mount.liveSource() == null);
            assertThat(source.closedByServer(5000)).isTrue();
        }
    }

    /** The test defaults with header and source timeouts too long to be what closes a connection here. */
    private static ServerConfig patientConfig() {
        return TestServer.config().toBuilder().sourceTimeout(PATIENT).headerTimeout(PATIENT).build();
    }

    private static void halfClose(RawClient client) {
        try {
            client.socket().shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitListenable(TestServer server) {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.context().mounts().find("/live") != null
                && server.context().mounts().find("/live").format() != null);
    }
}
