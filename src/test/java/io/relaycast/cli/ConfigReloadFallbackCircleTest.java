package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.server.RelaycastServer;
import io.relaycast.server.ReloadOutcome;
import io.relaycast.testing.WebClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload is checked for fallback mounts going round in a circle together with the fallbacks the admin set at run time
 * ({@code /admin/fallbacks}), which stay in force where the reload does not change a mount's {@code fallback-mount}:
 * mounts relaying each other would each wait for the other's frames, all silent.
 */
class ConfigReloadFallbackCircleTest {

    private static final String ADMIN = WebClient.basic("admin", "adm-pw");

    @TempDir
    Path dir;

    @Test
    void aReloadClosingACircleWithAFallbackTheAdminSetIsRefusedAndChangesNothing() throws Exception {
        try (ReloadableStation station = ReloadableStation.start(dir, "mounts:\n  /a:\n  /b:\n")) {
            assertThat(setFallback(station.server(), "/b", "/a")).isEqualTo(200);

            station.rewrite("mounts:\n  /a:\n    fallback-mount: /b\n  /b:\n");
            ReloadOutcome outcome = station.server().reloadConfig();

            assertThat(outcome.reloaded()).isFalse();
            assertThat(outcome.message()).contains("circle with those set by /admin/fallbacks: /a -> /b -> /a");
            assertThat(fallbackOf(station.server(), "/a")).isNull();
            assertThat(fallbackOf(station.server(), "/b")).isEqualTo("/a");
        }
    }

    /** The status of the admin's {@code /admin/fallbacks} making {@code mount} fall back on {@code fallback}. */
    private static int setFallback(RelaycastServer server, String mount, String fallback) {
        String url = "http://127.0.0.1:" + server.port() + "/admin/fallbacks?mount=" + mount + "&fallback=" + fallback;
        return WebClient.get(url, "Authorization", ADMIN).statusCode();
    }

    private static String fallbackOf(RelaycastServer server, String mount) {
        return server.context().mounts().find(mount).fallback().fallbackPath();
    }
}
