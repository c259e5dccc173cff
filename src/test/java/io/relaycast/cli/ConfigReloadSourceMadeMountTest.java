package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount a source made, then named in the config file by a reload, is from then on a configured mount: listed without
 * a source, and playing its fallback once the source leaves, even with nobody listening then.
 */
class ConfigReloadSourceMadeMountTest {

    @TempDir
    Path dir;

    @Test
    void aMountASourceMadeAndAReloadNamedPlaysSilenceAfterItsSourceLeaves() throws Exception {
        try (ReloadableStation station = ReloadableStation.start(dir, "")) {
            RelaycastServer server = station.server();
            Mount show;
            try (RawClient source = RawSource.onAir(server.port(), "/show", "server-pw")) {
                source.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                show = server.context().mounts().find("/show");
                station.rewrite("mounts:\n  /show:\n    stream-name: X\n");
                assertThat(server.reloadConfig().reloaded()).isTrue();
            }
            await("the configured mount plays silence once its source left").until(() -> show.onAir() == OnAir.SILENCE);

            try (RawClient listener = RawClient.listening(server.port(), "/show")) {
                assertThat(listener.readExactly(48_000)).hasSize(48_000);
            }
        }
    }
}
