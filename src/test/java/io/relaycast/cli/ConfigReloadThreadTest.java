package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.WebClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a config reload runs: off the event loops that carry listeners' audio, one reload after another. */
class ConfigReloadThreadTest {

    @TempDir
    Path dir;

    @Test
    void anAdminReloadRunsOnTheReloadThreadNotOnAnEventLoopThatCarriesAudio() throws Exception {
        try (ReloadableStation station = ReloadableStation.start(dir, "burst-size: 32k\n");
             LoggedWarnings logged = LoggedWarnings.of(RelaycastServer.class)) {
            station.rewrite("burst-size: 16k\n");
            String reload = ("http://127.0.0.1:" + station.server().port() + "/admin/reloadconfig");

            assertThat(WebClient.get(reload, "Authorization", WebClient.basic("admin", "adm-pw")).statusCode())
                    .isEqualTo(200);

            // The thread SIGHUP's reloads run on too: each reads and applies its file before the next reads.
            assertThat(logged.threadOf(Level.INFO, "config reloaded")).startsWith("relaycast-reload");
        }
    }
}
