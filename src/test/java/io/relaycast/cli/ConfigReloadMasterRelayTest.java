package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.relaycast.relay.MasterRelay;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mount whose own relay runs on after a reload took it out of the file is not pulled a second time from the master. */
class ConfigReloadMasterRelayTest {

    @TempDir
    Path dir;

    @Test
    void aMountLeftToItsOwnRelayAfterAReloadIsNotAlsoPulledFromTheMastersList() throws Exception {
        try (TestServer origin = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient dj = RawSource.open(origin.port(), "/radio");
             LoggedWarnings logged = LoggedWarnings.of(MasterRelay.class)) {
            dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 3)));
            String master = "master: http://admin:" + TestServer.ADMIN_PASSWORD + "@127.0.0.1:" + origin.port()
                    + "\nmaster-update-interval: 1\n";
            try (ReloadableStation station = ReloadableStation.start(dir, master + "mounts:\n  /radio:\n    relay: "
                    + origin.url("/radio") + "\n")) {
                RelaycastServer server = station.server();
                await("the master lists /radio, configured here").atMost(Duration.ofSeconds(10))
                        .until(() -> logged.count(Level.INFO, "relay /radio:", "configured here") >= 1);
                station.rewrite(master);
                assertThat(server.reloadConfig().reloaded()).isTrue();

                await("no second puller for /radio across several readings").during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(4)).until(() -> logged.count(Level.INFO, "relay /radio <- ", "") == 0);
            }
        }
    }
}
