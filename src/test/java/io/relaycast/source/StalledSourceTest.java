package io.relaycast.source;

import static io.relaycast.testing.RawSource.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.testing.Capture;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encoder whose connection died without a close (its network changed, it was restarted) comes back on a new one
 * while the server still holds the old: when the old has sent nothing for {@link SourceHold#STALLED}, the new one takes
 * the mount at once, instead of dead air and 403s until the source timeout. Real sockets.
 */
class StalledSourceTest {

    @TempDir
    static Path dir;
    static List<byte[]> frames;

    @BeforeAll
    static void makeAudio() {
        frames = TestAudio.toneFrames(dir, 2);
    }

    @Test
    void aSourceSilentForLongIsReplacedByTheNextOneForItsMount() {
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient first = RawSource.open(server.port(), "/live");
             RawClient listener = RawClient.connect(server.port())) {
            first.send(TestAudio.concat(frames.subList(0, 10)));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> mount(server) != null && mount(server).stats().framesReceived() == 9);
            listener.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            Mount mount = mount(server);
            try (Capture heard = Capture.of(listener)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> mount.liveSilence().compareTo(SourceHold.STALLED) >= 0);

                try (RawClient second = RawClient.connect(server.port())) {
                    second.send(packet(TestAudio.concat(frames.subList(0, 40))));
                    assertThat(second.readHead().status()).isEqualTo(200);
                    assertThat(first.closedByServer(5000)).as("the silent source is closed").isTrue();
                    await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().framesReceived() >= 10 + 39);
                    assertThat(mount.stats().sourceTimeouts()).as("long before its source timeout").isZero();
                    assertThat(mount.stats().sourceHandovers()).isEqualTo(1);
                    int sent = TestAudio.concat(frames.subList(0, 40)).length;
                    await().atMost(Duration.ofSeconds(5)).until(() -> heard.bytes() >= sent);
                    assertThat(heard.ended()).isFalse();
                    FrameChain.assertChain(heard.data(), true);
                }
            }
        }
    }

    private static byte[] packet(byte[] audio) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(("SOURCE /live HTTP/1.0\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                + "\r\nContent-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        packet.writeBytes(audio);
        return packet.toByteArray();
    }

    private static Mount mount(TestServer server) {
        return server.context().mounts().find("/live");
    }
}
