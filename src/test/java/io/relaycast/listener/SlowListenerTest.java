package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ServerConfig;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners that cannot keep up are disconnected and counted; the others never notice. */
class SlowListenerTest {

    @TempDir
    Path dir;

    @Test
    void aStalledListenerIsEvictedWhileAHealthyOneKeepsRealTimeAudio() {
        ServerConfig config = withListenerTimeout(TestServer.config(), Duration.ofSeconds(2));
        try (TestServer server = TestServer.start(config);
             Programs.Running source = Ffmpeg.liveSource(dir, server.icecastUrl("/live"), 60, 440)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> mount(server) != null && mount(server).format() != null);
            RawClient stalled = RawClient.connect(server.port(), 4096);
            stalled.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(stalled.readHead().status()).isEqualTo(200);
            RawClient healthy = RawClient.connect(server.port());
            healthy.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(healthy.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(healthy)) {
                // Real time is the source's: ffmpeg's -re falls behind the wall clock on a loaded machine.
                long receivedBefore = mount(server).stats().bytesReceived();
                await().atMost(Duration.ofSeconds(40)).until(() -> disconnects(server, DisconnectReason.STALLED) == 1);
                long received = mount(server).stats().bytesReceived() - receivedBefore;
                assertThat(stalled.closedByServer(5000)).isTrue();
                assertThat(slowListeners(server)).as("Icecast's slow_listeners counts a stalled one too").isEqualTo("1");
                assertThat(capture.ended()).isFalse();
                assertThat(capture.bytes()).as("the healthy listener kept getting the audio as the source sent it")
                        .isGreaterThan((long) (received * 0.9));
                FrameChain.assertChain(capture.data(), true);
                assertThat(mount(server).stats().currentListeners()).isEqualTo(1);
            }
            stalled.close();
        }
    }

    @Test
    void aListenerFurtherBehindThanTheQueueIsEvictedAndTheOthersGetEveryFrame() {
        ServerConfig config = withListenerTimeout(TestServer.config(), Duration.ofSeconds(120));
        List<byte[]> frames = TestAudio.toneFrames(dir, 60);
        try (TestServer server = TestServer.start(config); RawClient source = RawSource.open(server.port(), "/live")) {
            source.send(TestAudio.concat(frames.subList(0, 3)));
            await().atMost(Duration.ofSeconds(5)).until(() -> mount(server) != null && mount(server).isListenable());
            RawClient slow = RawClient.connect(server.port(), 4096);
            slow.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(slow.readHead().status()).isEqualTo(200);
            RawClient healthy = RawClient.connect(server.port());
            healthy.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(healthy.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(healthy)) {
                // About a megabyte, a minute of audio, much faster than real time: more than the 512 KiB queue.
                for (int i = 3; i < frames.size(); i += 40) {
                    source.send(TestAudio.concat(frames.subList(i, Math.min(frames.size(), i + 40))));
                    long sent = (long) Math.min(frames.size(), i + 40) * frames.get(0).length;
                    await().atMost(Duration.ofSeconds(5)).until(() -> capture.bytes() > sent - 60_000);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> disconnects(server, DisconnectReason.SLOW) == 1);
                assertThat(slowListeners(server)).isEqualTo("1");
                byte[] expected = TestAudio.concat(frames.subList(0, frames.size() - 1));
                await().atMost(Duration.ofSeconds(5)).until(() -> capture.bytes() == expected.length);
                assertThat(capture.data()).as("the healthy listener got every frame, in order").isEqualTo(expected);
                assertThat(slow.closedByServer(5000)).isTrue();
            }
            slow.close();
        }
    }

    /** Icecast's {@code slow_listeners} of the mount in the admin stats. */
    private static String slowListeners(TestServer server) {
        return XmlDocs.text(XmlDocs.parse(WebClient.get(server.url("/admin/stats?mount=/live"), "Authorization",
                WebClient.admin()).body()), "/icestats/source/slow_listeners");
    }

    private static long disconnects(TestServer server, DisconnectReason reason) {
        return mount(server).stats().disconnects(reason);
    }

    private static Mount mount(TestServer server) {
        return server.context().mounts().find("/live");
    }

    static ServerConfig withListenerTimeout(ServerConfig base, Duration timeout) {
        return base.toBuilder().sourceTimeout(Duration.ofSeconds(30)).listenerTimeout(timeout).build();
    }
}
