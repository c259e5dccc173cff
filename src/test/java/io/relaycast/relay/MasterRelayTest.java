package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static io.relaycast.testing.RelayedMounts.assertHearsFrames;
import static io.relaycast.testing.RelayedMounts.awaitRelayed;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.config.MountConfig;
import io.relaycast.config.MountDefaults;
import io.relaycast.config.Relaying;
import io.relaycast.config.ServerConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Icecast;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relays that follow a master, as Icecast's slaves do: the master lists its mounts at /admin/streamlist.txt, the relay
 * reads the list and pulls every mount on it, new ones as they appear, and lets go of those that leave. Against a real
 * Icecast in both roles: relaycast following an Icecast master, and an Icecast slave following relaycast.
 */
class MasterRelayTest {

    private static final String RELAY_PASSWORD = "relay-secret";

    @TempDir
    Path dir;

    @Test
    void theStreamListShowsWhatPlaysAndIsNotHiddenToTheAdminAndTheRelayUserOnly() throws Exception {
        Path music = music("music", 440);
        List<MountConfig> mounts = List.of(MountConfig.withPlaylist("/radio", music),
                MountConfig.builder("/studio").playlist(music).hidden(true).build());
        try (TestServer master = TestServer.start(origin(mounts));
             Programs.Running source = Ffmpeg.liveSource(dir, master.icecastUrl("/live"), 30, 550)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> master.context().mounts().find("/live") != null
                    && master.context().mounts().find("/live").onAir() == OnAir.LIVE);
            try (RawClient relay = RawClient.connect(master.port())) {
                relay.send("GET /admin/streamlist.txt HTTP/1.0\r\nAuthorization: " + WebClient.basic("relay", RELAY_PASSWORD)
                        + "\r\n\r\n");
                RawClient.Head head = relay.readHead();
                assertThat(head.statusLine()).as("what Icecast's slaves check for").startsWith("HTTP/1.0 200");
                assertThat(new String(relay.readToEnd(), StandardCharsets.UTF_8))
                        .as("playing and not hidden").isEqualTo("/live\r\n/radio\r\n");
            }
            assertThat(WebClient.get(master.url("/admin/streamlist.txt"), "Authorization", WebClient.admin()).statusCode())
                    .isEqualTo(200);
            assertThat(WebClient.get(master.url("/admin/streamlist.txt"), "Authorization",
                    WebClient.basic("relay", "wrong")).statusCode()).isEqualTo(401);
            assertThat(WebClient.get(master.url("/admin/streamlist.txt")).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aRelayFollowsItsMastersMountsAsTheyComeAndGo() throws Exception {
        try (TestServer master = TestServer.start(origin(List.of(MountConfig.withPlaylist("/radio", music("music", 440)))));
             TestServer relay = TestServer.start(follower(master.port(), "relay:" + RELAY_PASSWORD))) {
            Mount radio = awaitRelayed(relay, "/radio");
            assertHearsFrames(relay, "/radio");
            assertThat(relay.context().mounts().find("/later")).isNull();

            try (Programs.Running source = Ffmpeg.liveSource(dir, master.icecastUrl("/later"), 30, 550)) {
                awaitRelayed(relay, "/later");
                assertHearsFrames(relay, "/later");
            }
            // The DJ left: the master's /later now only plays silence to its last listener (the relay), so it is off the
            // list, the relay lets it go, and with nothing left on them both mounts are gone.
            await().atMost(Duration.ofSeconds(15)).until(() -> relay.context().mounts().find("/later") == null);
            await().atMost(Duration.ofSeconds(15)).until(() -> master.context().mounts().find("/later") == null);
            assertThat(radio.liveSource()).as("the other mount is still relayed").isNotNull();
        }
    }

    @Test
    void onDemandTheMastersMountsAreOpenHereAndEachIsPulledOnlyWhileItHasListeners() throws Exception {
        try (TestServer master = TestServer.start(origin(List.of()));
             TestServer relay = TestServer.start(TestServer.config().withRelaying(new Relaying(
                     URI.create("http://relay:" + RELAY_PASSWORD + "@127.0.0.1:" + master.port()), Duration.ofSeconds(1),
                     null, null, null, true)))) {
            try (Programs.Running source = Ffmpeg.liveSource(dir, master.icecastUrl("/live"), 60, 550)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> relay.context().mounts().find("/live") != null
                        && relay.context().mounts().find("/live").isListenable());
                Mount onMaster = master.context().mounts().find("/live");
                Mount here = relay.context().mounts().find("/live");
                try (RawClient listener = RawClient.connect(relay.port())) {
                    listener.send("GET /live HTTP/1.0\r\n\r\n");
                    assertThat(listener.readHead().status()).isEqualTo(200);
                    try (Capture capture = Capture.of(listener)) {
                        // The listener is what makes the relay connect; it hears silence, then the master's audio.
                        await().atMost(Duration.ofSeconds(10)).until(() -> onMaster.stats().currentListeners() == 1
                                && here.liveSource() != null);
                        long heard = capture.bytes();
                        await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > heard + 48_000);
                        assertThat(FrameChain.assertChain(capture.data(), true)).isGreaterThan(100);
                    }
                }
                // No listener here any more: the relay hangs up on the master a few seconds later, and holds the mount.
                await().atMost(Duration.ofSeconds(15)).until(() -> onMaster.stats().currentListeners() == 0
                        && here.liveSource() == null);
                assertThat(here.isListenable()).isTrue();
            }
            // The DJ left the master, so /live is off its list: the relay no longer holds it, and with nothing on it, it goes.
            await().atMost(Duration.ofSeconds(20)).until(() -> relay.context().mounts().find("/live") == null);
            try (RawClient late = RawClient.connect(relay.port())) {
                late.send("GET /live HTTP/1.0\r\n\r\n");
                assertThat(late.readHead().status()).isEqualTo(404);
            }
        }
    }

    @Test
    void aMountAReloadConfiguresHereIsLeftToItsOwnSettingsWhenTheMasterListsIt() throws Exception {
        try (TestServer master = TestServer.start(origin(List.of()))) {
            ServerConfig following = follower(master.port(), "relay:" + RELAY_PASSWORD);
            ServerConfig reloaded = following.withMounts(List.of(MountConfig.withPlaylist("/radio", music("here", 660))));
            try (RelaycastServer relay = new RelaycastServer(following, 2).reloadFrom(() -> reloaded).start();
                 LoggedWarnings log = LoggedWarnings.of(MasterRelay.class)) {
                relay.reloadConfig();
                await("the reload made /radio here").atMost(Duration.ofSeconds(10))
                        .until(() -> relay.context().mounts().find("/radio") != null);
                try (Programs.Running source = Ffmpeg.liveSource(dir, master.icecastUrl("/radio"), 30, 550)) {
                    await("the master's /radio is live").atMost(Duration.ofSeconds(15))
                            .until(() -> master.context().mounts().find("/radio") != null
                                    && master.context().mounts().find("/radio").liveSource() != null);
                    Mount onMaster = master.context().mounts().find("/radio");
                    // The list is read every second: a few readings, and nobody here pulls the master's /radio.
                    await("the master's /radio is not pulled by the relay").during(Duration.ofSeconds(4))
                            .atMost(Duration.ofSeconds(5)).until(() -> onMaster.stats().currentListeners() == 0);
                    assertThat(relay.context().mounts().find("/radio").onAir()).isEqualTo(OnAir.PLAYLIST);
                    // Said once, not at every reading of the list.
                    assertThat(log.count(Level.INFO, "relay /radio", "configured here")).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void onDemandAMountAReloadConfiguresHereStaysWhenTheMasterDropsIt() throws Exception {
        try (TestServer master = TestServer.start(origin(List.of()))) {
            ServerConfig following = TestServer.config().withRelaying(new Relaying(URI.create("http://relay:" + RELAY_PASSWORD
                    + "@127.0.0.1:" + master.port()), Duration.ofSeconds(1), null, null, null, true));
            ServerConfig reloaded = following.withMounts(List.of(MountConfig.withPlaylist("/radio", music("here", 660))));
            try (RelaycastServer relay = new RelaycastServer(following, 2).reloadFrom(() -> reloaded).start()) {
                try (Programs.Running source = Ffmpeg.liveSource(dir, master.icecastUrl("/radio"), 30, 550)) {
                    await("the master's /radio is open here").atMost(Duration.ofSeconds(15))
                            .until(() -> relay.context().mounts().find("/radio") != null);
                    relay.reloadConfig();
                }
                await("the master dropped /radio").atMost(Duration.ofSeconds(20))
                        .until(() -> master.context().mounts().find("/radio") == null);
                await("the configured /radio stays, open to listeners").during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(4)).until(() -> relay.context().mounts().find("/radio") != null
                                && relay.context().mounts().find("/radio").isPersistent());
            }
        }
    }

    /** The master's mounts held here on demand are named by no file: a reload's mount-defaults reach them too. */
    @Test
    void onDemandTheMastersMountsTakeTheMountDefaultsOfAReload() throws Exception {
        try (TestServer master = TestServer.start(origin(List.of(MountConfig.withPlaylist("/radio", music("music", 440)))))) {
            ServerConfig following = TestServer.config().withRelaying(new Relaying(URI.create("http://relay:" + RELAY_PASSWORD
                    + "@127.0.0.1:" + master.port()), Duration.ofSeconds(1), null, null, null, true));
            ServerConfig reloaded = following.withMountDefaults(List.of(new MountDefaults("/**",
                    MountConfig.builder("/**").hidden(true).build())));
            try (RelaycastServer relay = new RelaycastServer(following, 2).reloadFrom(() -> reloaded).start()) {
                await("the master's /radio is held here").atMost(Duration.ofSeconds(15))
                        .until(() -> relay.context().mounts().find("/radio") != null
                                && relay.context().mounts().find("/radio").isPersistent());
                Mount radio = relay.context().mounts().find("/radio");
                assertThat(radio.isHidden()).isFalse();

                assertThat(relay.reloadConfig().reloaded()).isTrue();

                assertThat(radio.isHidden()).isTrue();
            }
        }
    }

    @Test
    void aRelayWithTheWrongPasswordRelaysNothingAndSaysWhy() throws Exception {
        try (TestServer master = TestServer.start(origin(List.of(MountConfig.withPlaylist("/radio", music("music", 440)))));
             TestServer relay = TestServer.start(follower(master.port(), "relay:wrong"))) {
            // Three readings of the list (one a second), all refused, and nothing relayed after any of them.
            await().atMost(Duration.ofSeconds(10)).until(() -> master.context().requests().rejectedCount(401) >= 3);
            assertThat(relay.context().mounts().find("/radio")).isNull();
            assertThat(master.context().mounts().find("/radio").stats().currentListeners()).isZero();
        }
    }

    @Test
    void relaycastFollowsAnIcecastMaster() throws Exception {
        try (Icecast master = Icecast.start(dir);
             Programs.Running source = Ffmpeg.liveSource(dir, master.icecastUrl("/ice"), 30, 550);
             TestServer relay = TestServer.start(TestServer.config().withRelaying(new Relaying(
                     URI.create("http://relay:" + Icecast.RELAY_PASSWORD + "@127.0.0.1:" + master.port()),
                     Duration.ofSeconds(1), null, null)))) {
            awaitRelayed(relay, "/ice");
            assertHearsFrames(relay, "/ice");
        }
    }

    @Test
    void anIcecastSlaveFollowsRelaycast() throws Exception {
        try (TestServer master = TestServer.start(origin(List.of(MountConfig.withPlaylist("/radio", music("music", 440)))));
             Icecast slave = Icecast.start(dir, """
                     <master-server>127.0.0.1</master-server><master-server-port>%d</master-server-port>
                     <master-update-interval>1</master-update-interval><master-username>relay</master-username>
                     <master-password>%s</master-password>
                     """.formatted(master.port(), RELAY_PASSWORD))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> WebClient.get(slave.url("/admin/listmounts"), "Authorization",
                    WebClient.basic("admin", Icecast.ADMIN_PASSWORD)).body().contains("<source mount=\"/radio\">"));
            try (RawClient listener = RawClient.connect(slave.port())) {
                listener.send("GET /radio HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                byte[] audio = listener.readExactly(32_000);
                assertThat(FrameChain.assertChain(FrameChain.wholeFrames(audio), true)).isGreaterThan(50);
            }
            JsonNode sources = new ObjectMapper().readTree(WebClient.get(master.url("/status-json.xsl")).body()).path("icestats")
                    .path("source");
            assertThat(sources.path("listeners").asInt()).as("the Icecast slave listens to relaycast's /radio").isPositive();
        }
    }

    private ServerConfig origin(List<MountConfig> mounts) {
        return TestServer.config().withMounts(mounts)
                .withRelaying(new Relaying(null, null, Relaying.DEFAULT_RELAY_USER, RELAY_PASSWORD));
    }

    private static ServerConfig follower(int masterPort, String login) {
        return TestServer.config().withRelaying(new Relaying(URI.create("http://" + login + "@127.0.0.1:" + masterPort),
                Duration.ofSeconds(1), null, null));
    }

    private Path music(String name, int frequency) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Ffmpeg.tone(folder.resolve("tone.mp3"), 20, 128, frequency);
        return folder;
    }
}
