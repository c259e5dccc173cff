package io.relaycast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import java.time.Duration;

/** What relay tests wait for and check on the relaying server. */
public final class RelayedMounts {

    private RelayedMounts() {
    }

    /** The relay has the mount, with the origin's audio coming in. */
    public static Mount awaitRelayed(TestServer relay, String path) {
        await().atMost(Duration.ofSeconds(20)).until(() -> relay.context().mounts().find(path) != null
                && relay.context().mounts().find(path).liveSource() != null
                && relay.context().mounts().find(path).format() != null);
        Mount mount = relay.context().mounts().find(path);
        long frames = mount.stats().framesReceived();
        await().atMost(Duration.ofSeconds(10)).until(() -> mount.stats().framesReceived() > frames + 20);
        return mount;
    }

    /** A listener of the relay's mount gets an unbroken chain of whole frames. */
    public static void assertHearsFrames(TestServer relay, String path) {
        try (RawClient listener = RawClient.connect(relay.port())) {
            listener.send("GET " + path + " HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > 48_000);
                assertThat(FrameChain.assertChain(capture.data(), true)).isGreaterThan(100);
            }
        }
    }
}
