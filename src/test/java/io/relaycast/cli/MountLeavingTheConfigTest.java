package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount a config reload drops from the file goes on as a mount a source made: its fallback plays only while someone
 * wants it, not from the start and forever as a configured mount's does.
 */
class MountLeavingTheConfigTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try")
    void aMountDroppedFromTheFileThatIsStillAFallbackMountIsOffAfterItsSourceLeaves() throws Exception {
        try (ReloadableStation station = ReloadableStation.start(dir, "mounts:\n  /radio:\n    fallback-mount: /dj\n  /dj:\n")) {
            station.rewrite("mounts:\n  /radio:\n    fallback-mount: /dj\n");
            assertThat(station.server().reloadConfig().reloaded()).isTrue();
            Mount dj = station.server().context().mounts().find("/dj");

            try (RawClient source = RawSource.onAir(station.server().port(), "/dj", "server-pw")) {
                await("the DJ on air").atMost(Duration.ofSeconds(10)).until(() -> dj.onAir() == OnAir.LIVE);
            }

            await("/dj off once its source left").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> dj.onAir() == OnAir.OFF);
            assertThat(RawClient.listenStatus(station.server().port(), "/dj")).isEqualTo(404);
        }
    }
}
