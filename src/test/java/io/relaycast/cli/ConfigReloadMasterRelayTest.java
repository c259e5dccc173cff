package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.relaycast.mount.Mount;
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

/**
 * A reload leaves the master's relays alone: a mount whose own relay runs on after a reload took it out of the file is not
 * pulled a second time from the master, and an on-demand relay's mount the file named for a while stays open to listeners.
 */
class ConfigReloadMasterRelayTest {

    @TempDir
    Path dir;

    @Test
    void aMountLeftToItsOwnRelayAfterAReloadIsNotAlsoPulledFromTheMastersList() throws Exception {
        try (TestServer origin = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient dj = liveOn(origin, "/radio");
             LoggedWarnings logged = LoggedWarnings.of(MasterRelay.class)) {
            String master = masterOf(origin);
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

    @Test
    void anOnDemandMastersMountStaysOpenToListenersAfterAReloadNamedItAndTheNextTookItOut() throws Exception {
        try (TestServer origin = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient dj = liveOn(origin, "/x");
             LoggedWarnings logged = LoggedWarnings.of(MasterRelay.class)) {
            String master = masterOf(origin) + "relays-on-demand: true\n";
            try (ReloadableStation station = ReloadableStation.start(dir, master)) {
                RelaycastServer server = station.server();
                await("the master's /x relayed on demand").atMost(Duration.ofSeconds(10))
                        .until(() -> logged.count(Level.INFO, "relay /x <- ", "(on demand)") >= 1);
                assertThat(server.context().mounts().find("/x").isListenable()).isTrue();
                station.rewrite(master + "mounts:\n  /x:\n    stream-name: for a while\n");
                assertThat(server.reloadConfig().reloaded()).isTrue();
                station.rewrite(master);
                assertThat(server.reloadConfig().reloaded()).isTrue();

                // Open by itself, not only while the silence it played while the file named it goes on.
                Mount x = server.context().mounts().find("/x");
                await("/x open to the listeners that start its relay").during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(2)).until(() -> x.isPersistent() && x.isListenable());
            }
        }
    }

    /** A source live on {@code path} of the origin, for its stream list to name it. */
    private RawClient liveOn(TestServer origin, String path) throws Exception {
        RawClient dj = RawSource.open(origin.port(), path);
        dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 3)));
        return dj;
    }

    /** The settings relaying every mount of {@code origin}, its list read every second. */
    private static String masterOf(TestServer origin) {
        return "master: http://admin:" + TestServer.ADMIN_PASSWORD + "@127.0.0.1:" + origin.port()
                + "\nmaster-update-interval: 1\n";
    }
}
