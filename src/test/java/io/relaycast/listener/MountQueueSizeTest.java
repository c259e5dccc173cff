package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.BurstSize;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.config.MountDefaults;
import io.relaycast.config.ServerConfig;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.Capture;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's own queue size (Icecast's per-mount {@code <queue-size>}): how far behind the live edge its listeners may
 * fall before they are disconnected, over the server's 512 KiB.
 */
class MountQueueSizeTest {

    private static final long SHALLOW = 32 * 1024;
    private static final long DEEP = 4L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aListenerFallsOffAShallowMountsQueueAndCatchesUpOnADeepOne() {
        List<byte[]> frames = TestAudio.toneFrames(dir, 60);
        ServerConfig config = patient().withMountDefaults(List.of(
                defaults("/shallow", SHALLOW, BurstSize.ofBytes(16 * 1024)), defaults("/deep", DEEP, null)));
        try (TestServer server = TestServer.start(config);
             Fed shallow = sendPastAListenerThatReadsNothing(server.port(), server.context().mounts(), "/shallow", frames);
             Fed deep = sendPastAListenerThatReadsNothing(server.port(), server.context().mounts(), "/deep", frames)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> slowDisconnects(server.context().mounts(), "/shallow") == 1);
            assertThat(shallow.behind().closedByServer(5000)).isTrue();
            assertThat(slowDisconnects(server.context().mounts(), "/deep")).as("a megabyte behind, within 4 MiB").isZero();
            byte[] expected = TestAudio.concat(frames.subList(0, frames.size() - 2));
            assertThat(deep.behind().readExactly(expected.length))
                    .as("the listener a megabyte behind reads on and gets every frame, in order").isEqualTo(expected);
        }
    }

    @Test
    void aReloadThatShrinksAMountsQueueDropsTheListenersNowTooFarBehind() throws InterruptedException {
        List<byte[]> frames = TestAudio.toneFrames(dir, 60);
        AtomicReference<ServerConfig> file = new AtomicReference<>(
                patient().withMountDefaults(List.of(defaults("/radio", DEEP, null))));
        try (RelaycastServer server = new RelaycastServer(file.get(), 2).reloadFrom(file::get).start();
             Fed radio = sendPastAListenerThatReadsNothing(server.port(), server.context().mounts(), "/radio", frames)) {
            assertThat(slowDisconnects(server.context().mounts(), "/radio")).isZero();
            file.set(patient().withMountDefaults(List.of(defaults("/radio", SHALLOW, BurstSize.ofBytes(16 * 1024)))));
            assertThat(server.reloadConfig().reloaded()).isTrue();
            radio.source().send(frames.get(frames.size() - 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> slowDisconnects(server.context().mounts(), "/radio") == 1);
            assertThat(radio.behind().closedByServer(5000)).isTrue();
        }
    }

    /** A live source on a mount and a listener far behind on it. */
    private record Fed(RawClient source, RawClient behind) implements AutoCloseable {
        @Override
        public void close() {
            behind.close();
            source.close();
        }
    }

    /**
     * Connects a listener that reads nothing, and a healthy one, to {@code path}, then sends all but the last of
     * {@code frames} (a minute of audio, about a megabyte) far faster than real time, as the healthy listener takes them:
     * it gets all but the last frame sent, which waits for the next frame's header.
     */
    private static Fed sendPastAListenerThatReadsNothing(int port, MountRegistry mounts, String path, List<byte[]> frames) {
        RawClient source = RawSource.open(port, path);
        source.send(TestAudio.concat(frames.subList(0, 3)));
        await().atMost(Duration.ofSeconds(5)).until(() -> mounts.find(path) != null && mounts.find(path).isListenable());
        RawClient behind = RawClient.connect(port, 4096);
        behind.send("GET " + path + " HTTP/1.0\r\n\r\n");
        assertThat(behind.readHead().status()).isEqualTo(200);
        RawClient healthy = RawClient.connect(port).send("GET " + path + " HTTP/1.0\r\n\r\n");
        assertThat(healthy.readHead().status()).isEqualTo(200);
        try (healthy; Capture capture = Capture.of(healthy)) {
            int last = frames.size() - 1;
            for (int i = 3; i < last; i += 40) {
                int to = Math.min(last, i + 40);
                source.send(TestAudio.concat(frames.subList(i, to)));
                long sent = (long) to * frames.get(0).length;
                await().atMost(Duration.ofSeconds(5)).until(() -> capture.bytes() > sent - 60_000);
            }
            byte[] expected = TestAudio.concat(frames.subList(0, last - 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> capture.bytes() == expected.length);
            assertThat(capture.data()).as("the healthy listener got every frame, in order").isEqualTo(expected);
        }
        return new Fed(source, behind);
    }

    private static long slowDisconnects(MountRegistry mounts, String path) {
        Mount mount = mounts.find(path);
        return mount == null ? -1 : mount.stats().disconnects(DisconnectReason.SLOW);
    }

    /** The mounts at {@code path} keep {@code queueSize} bytes, and give new listeners {@code burst} (null: 64 KiB). */
    private static MountDefaults defaults(String path, long queueSize, BurstSize burst) {
        ListenerRules rules = ListenerRules.builder().burst(burst).queueSize(queueSize).build();
        return new MountDefaults(path, MountConfig.builder(path).listeners(rules).build());
    }

    /** Test settings where a listener that reads nothing is never dropped as stalled within the test. */
    private static ServerConfig patient() {
        return SlowListenerTest.withListenerTimeout(TestServer.config(), Duration.ofSeconds(120));
    }
}
