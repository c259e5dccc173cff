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

/** An origin that redirects the relay elsewhere (a load balancer, a moved stream) is followed, as Icecast's relays do. */
class RelayRedirectTest {

    @Test
    void aRelayFollowsItsOriginsRedirectToTheStream(@TempDir Path dir) throws Exception {
        try (TestServer stream = TestServer.start(TestServer.config(Duration.ofSeconds(30)))) {
            AnsweringOrigin moved = AnsweringOrigin.answering("HTTP/1.1 302 Found\r\nLocation: " + stream.url("/live")
                    + "\r\nContent-Length: 0\r\n\r\n");
            MountConfig relayed = MountConfig.builder("/radio")
                    .relay(URI.create("http://127.0.0.1:" + moved.port() + "/moved")).build();
            try (moved; RawClient dj = RawSource.open(stream.port(), "/live");
                 TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(relayed)))) {
                dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 3)));
                Mount radio = relay.context().mounts().find("/radio");
                await("the stream it was sent to plays on the relay").atMost(Duration.ofSeconds(10))
                        .until(() -> radio.stats().framesReceived() > 0);
            }
        }
    }
}
