package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ServerConfig;
import io.relaycast.mount.Mount;
import io.relaycast.testing.Capture;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        ServerConfig base = TestServer.config();
        return new ServerConfig(base.bindAddress(), 0, -1, base.sourcePassword(), base.adminUser(), base.adminPassword(),
                base.burstSize(), base.queueSize(), base.maxListeners(), PATIENT, PATIENT, base.metaint(), base.chunkDuration(),
                base.listenerTimeout());
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
