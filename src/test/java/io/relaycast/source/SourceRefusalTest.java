package io.relaycast.source;

import static io.relaycast.testing.RawSource.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A refused source reads why it was refused even when it sends audio right behind its head, as encoders that do not wait
 * for the answer do: the server answers, ends its side, and reads and drops the audio until the source hangs up, instead
 * of closing with audio unread, which resets the connection (the source then reports "connection reset").
 */
class SourceRefusalTest {

    /** More than the loopback socket buffers hold, so the server must read while the source still writes. */
    private static final int AUDIO_BYTES = 8 << 20;

    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aWrongPasswordIsAnswered401WhileTheSourceStreams() throws Exception {
        String body = refusedWhileStreaming("SOURCE /live HTTP/1.0\r\nAuthorization: " + basic("source", "wrong")
                + "\r\nContent-Type: audio/mpeg\r\n\r\n", 401);
        assertThat(body).contains("Authentication required");
    }

    @Test
    void aFormatOtherThanMp3IsAnswered415WhileTheSourceStreams() throws Exception {
        String body = refusedWhileStreaming("PUT /live HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + basic("source", TestServer.SOURCE_PASSWORD) + "\r\nContent-Type: audio/aac\r\n\r\n", 415);
        assertThat(body).contains("audio/aac");
    }

    @Test
    void aSourceWithoutAMountNameIsAnswered400WhileItStreams() throws Exception {
        String body = refusedWhileStreaming("SOURCE / HTTP/1.0\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                + "\r\nContent-Type: audio/mpeg\r\n\r\n", 400);
        assertThat(body).contains("mount name");
    }

    /** Sends {@code head} and then audio without waiting; returns the answer's body, after asserting its status. */
    private String refusedWhileStreaming(String head, int status) throws Exception {
        try (RawClient source = RawClient.connect(server.port())) {
            source.send(head);
            CompletableFuture<Void> streaming = CompletableFuture.runAsync(() -> {
                byte[] audio = new byte[64 * 1024];
                for (int sent = 0; sent < AUDIO_BYTES; sent += audio.length) {
                    source.send(audio);
                }
            });
            RawClient.Head answer = source.readHead();
            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            // The server's end comes after the answer as an end of stream, not a reset.
            String body = new String(source.readToEnd(), StandardCharsets.UTF_8);
            // And what the source sent meanwhile was taken, not refused with a reset.
            streaming.get(10, TimeUnit.SECONDS);
            assertThat(server.context().requests().rejectedCount(status)).isEqualTo(1);
            return body;
        }
    }
}
