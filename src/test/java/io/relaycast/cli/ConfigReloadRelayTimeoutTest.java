package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload's source-timeout reaches a relay mount that was running before it, from its next origin connection on. */
class ConfigReloadRelayTimeoutTest {

    @TempDir
    Path dir;

    @Test
    void aRelayRunningBeforeAReloadDropsASilentOriginAfterTheReloadedSourceTimeout() throws Exception {
        try (TestServer origin = TestServer.start(TestServer.config(Duration.ofSeconds(60)))) {
            String relayed = "source-timeout: 30\nmounts:\n  /radio:\n    relay: " + origin.url("/live") + "\n";
            try (ReloadableStation station = ReloadableStation.start(dir, relayed)) {
                RelaycastServer server = station.server();
                await("the relay asked the origin, which has no source yet").atMost(Duration.ofSeconds(5))
                        .until(() -> server.relays().get(0).attempts() >= 1);
                station.rewrite(relayed + "    source-timeout: 1\n");
                assertThat(server.reloadConfig().reloaded()).isTrue();

                try (RawClient dj = RawSource.onAir(origin.port(), "/live", TestServer.SOURCE_PASSWORD)) {
                    dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 2)));
                    Mount radio = server.context().mounts().find("/radio");
                    await("the relay takes /radio").atMost(Duration.ofSeconds(10)).until(() -> radio.liveSource() != null);
                    // Two seconds of audio at once, then nothing: 1 s later the relay gives up, not 30 s later.
                    await("the relay drops the silent origin").atMost(Duration.ofSeconds(6))
                            .until(() -> radio.liveSource() == null);
                }
            }
        }
    }
}
