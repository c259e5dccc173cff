package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.config.BurstSize;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's own listener settings over the server's, as Icecast's per-mount {@code burst-size},
 * {@code max-listener-duration} and {@code hidden}.
 */
class MountListenerRulesTest {

    @TempDir
    Path dir;

    @Test
    void aMountsOwnBurstSizeDecidesHowMuchANewListenerGetsAtOnce() {
        MountConfig small = mount("/small", ListenerRules.builder().burst(BurstSize.ofBytes(8 * 1024)).build(),
                false);
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 8));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(small, MountConfig.of("/big"))))) {
            for (String path : List.of("/small", "/big")) {
                // Eight seconds of audio at once from a source that then leaves: the mount holds it all (its last frame
                // too, once the stream has ended), and a listener that joins gets its burst at once.
                RawSource.open(server.port(), path).send(audio).close();
                Mount mount = server.context().mounts().find(path);
                await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().bytesReceived() == audio.length);
                try (RawClient listener = listen(server, path)) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().bytesSent() > 0);
                    long burst = mount.stats().bytesSent();
                    byte[] received = listener.readExactly((int) burst);
                    assertThat(FrameChain.startsOnFrame(received)).as("%s: the burst starts on a frame", path).isTrue();
                    if (path.equals("/small")) {
                        assertThat(burst).as("the mount's 8 KiB, to the chunk before it").isBetween(8L * 1024, 12L * 1024);
                    } else {
                        assertThat(burst).as("the server's 64 KiB").isBetween(64L * 1024, 68L * 1024);
                    }
                }
            }
        }
    }

    @Test
    void aListenerIsDisconnectedAtItsMountsListeningTimeLimitAndOthersPlayOn() {
        MountConfig limited = mount("/limited", ListenerRules.builder().maxDuration(Duration.ofSeconds(1)).build(),
                false);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(limited, MountConfig.of("/free"))));
             RawClient timed = listen(server, "/limited");
             RawClient free = listen(server, "/free")) {
            Mount mount = server.context().mounts().find("/limited");
            assertThat(timed.closedByServer(5_000)).as("closed at its limit").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().disconnects(DisconnectReason.TIME_LIMIT) == 1);
            assertThat(mount.stats().currentListeners()).isZero();
            assertThat(free.closedByServer(100)).as("the other mount has no limit").isFalse();
            assertThat(WebClient.get(server.url("/metrics")).body())
                    .contains("relaycast_listener_disconnects_total{mount=\"/limited\",reason=\"time_limit\"} 1.0");
        }
    }

    @Test
    void aHiddenMountIsLeftOutOfThePublicStatusButTheAdminSeesItAndListenersReachIt() throws Exception {
        MountConfig hidden = mount("/backstage", ListenerRules.NONE, true);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(hidden, MountConfig.of("/live"))))) {
            Mounts.live(server, "/backstage", Mounts.info("Backstage", "studio feed", ""), new AtomicInteger());
            JsonNode status = new ObjectMapper().readTree(WebClient.get(server.url("/status-json.xsl")).body());
            assertThat(status.path("icestats").path("source").findValuesAsText("listenurl"))
                    .containsExactly(server.url("/live"));
            String stats = WebClient.get(server.url("/admin/stats"), "Authorization", WebClient.admin()).body();
            assertThat(stats).contains("<source mount=\"/backstage\">", "<source mount=\"/live\">");
            String mounts = WebClient.get(server.url("/admin/listmounts"), "Authorization", WebClient.admin()).body();
            assertThat(mounts).contains("<source mount=\"/backstage\">");
            try (RawClient listener = listen(server, "/backstage")) {
                assertThat(listener.closedByServer(100)).as("hidden, not closed").isFalse();
            }
        }
    }

    private static MountConfig mount(String path, ListenerRules rules, boolean hidden) {
        return MountConfig.builder(path).listeners(rules).hidden(hidden).build();
    }

    private static RawClient listen(TestServer server, String mount) {
        RawClient listener = RawClient.connect(server.port());
        listener.send("GET " + mount + " HTTP/1.0\r\n\r\n");
        assertThat(listener.readHead().status()).isEqualTo(200);
        return listener;
    }
}
