package io.relaycast.relay;

import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An origin mount named with letters beyond ASCII is asked for as a URL says it: percent-encoded UTF-8. */
class RelayMountNameTest {

    @TempDir
    Path dir;

    @Test
    void aRelayOfAnOriginMountWithAnAccentInItsNamePlaysItsAudio() throws Exception {
        try (TestServer origin = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient dj = RawSource.open(origin.port(), "/caf%C3%A9")) {
            dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 3)));
            await("the origin has /café").atMost(Duration.ofSeconds(5))
                    .until(() -> origin.context().mounts().find("/café") != null);
            MountConfig relayed = MountConfig.builder("/radio").relay(URI.create(origin.url("/café"))).build();
            try (TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(relayed)))) {
                Mount radio = relay.context().mounts().find("/radio");
                await("the origin's audio plays on the relay").atMost(Duration.ofSeconds(10))
                        .until(() -> radio.stats().framesReceived() > 0);
            }
        }
    }
}
