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

/** A relay that a config reload adds runs with its mount's settings in the new file, as a relay configured at startup. */
class ConfigReloadAddedRelayTest {

    private static final String BEFORE = "source-timeout: 30\nmounts:\n  /stays:\n";

    @TempDir
    Path dir;

    @Test
    void aRelayAddedByAReloadDropsASilentOriginAfterItsMountsOwnSourceTimeout() throws Exception {
        try (TestServer origin = TestServer.start(TestServer.config(Duration.ofSeconds(60)));
             RawClient dj = RawSource.onAir(origin.port(), "/live", TestServer.SOURCE_PASSWORD);
             ReloadableStation station = ReloadableStation.start(dir, BEFORE)) {
            dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 2)));
            RelaycastServer server = station.server();
            station.rewrite(BEFORE + "  /radio:\n    relay: " + origin.url("/live") + "\n    source-timeout: 1\n");

            assertThat(server.reloadConfig().reloaded()).isTrue();

            Mount radio = server.context().mounts().find("/radio");
            await("the relay takes /radio").atMost(Duration.ofSeconds(10)).until(() -> radio.liveSource() != null);
            // The origin sent two seconds of audio at once, then nothing: 1 s later the relay gives up, not 30 s later.
            await("the relay drops the silent origin").atMost(Duration.ofSeconds(6))
                    .until(() -> radio.liveSource() == null);
        }
    }
}
