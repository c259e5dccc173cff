package io.relaycast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which settings a config reload takes from the file, and which keep their running value until a restart. */
class ConfigChangeTest {

    private final ServerConfig running = ServerConfig.defaults().withMounts(List.of(MountConfig.of("/live")));

    @Test
    void liveSettingsAreTakenAndNothingNeedsARestart() {
        ServerConfig reread = ServerConfig.builder().sourcePassword("new-source-pw").adminUser("boss")
                .adminPassword("new-admin-pw").burstSize(BurstSize.ofBytes(8 * 1024)).maxListeners(42)
                .sourceTimeout(Duration.ofSeconds(30)).headerTimeout(Duration.ofSeconds(5)).metaint(8192)
                .listenerTimeout(Duration.ofSeconds(7)).writeInterval(Duration.ofMillis(100))
                .mounts(List.of(MountConfig.of("/news"))).relaying(new Relaying(null, null, "relayer", "relay-pw"))
                .limits(new ConnectionLimits(500, 10)).build();

        ConfigChange change = ConfigChange.between(running, reread);

        assertThat(change.needsRestart()).isEmpty();
        assertThat(change.applied()).isEqualTo(reread);
    }

    @Test
    void startupSettingsKeepTheirRunningValueAndAreNamed() {
        ServerConfig reread = running.withPort(9000).withShoutcastMount("/dj").withDelivery(Duration.ofMillis(40),
                Duration.ofMillis(90))
                .withRelaying(new Relaying(URI.create("http://origin:8000"), Duration.ofSeconds(60), "relayer", "pw"));

        ConfigChange change = ConfigChange.between(running, reread);

        assertThat(change.needsRestart()).containsExactly("port", "shoutcast-mount", "chunk-duration", "master",
                "master-update-interval");
        assertThat(change.applied().port()).isEqualTo(8000);
        assertThat(change.applied().shoutcastMount()).isNull();
        assertThat(change.applied().chunkDuration()).isEqualTo(ServerConfig.DEFAULT_CHUNK_DURATION);
        assertThat(change.applied().writeInterval()).as("per listener, so live").isEqualTo(Duration.ofMillis(90));
        assertThat(change.applied().relaying().master()).isNull();
        assertThat(change.applied().relaying().relayUser()).as("a login, so live").isEqualTo("relayer");
        assertThat(change.applied().relaying().relayPassword()).isEqualTo("pw");
    }

    @Test
    void aBurstLargerThanTheQueueKeptIsRejectedSayingTheNewQueueSizeNeedsARestart() {
        ServerConfig reread = ServerConfig.builder().burstSize(BurstSize.ofBytes(1024 * 1024)).queueSize(2 * 1024 * 1024)
                .build();

        assertThatThrownBy(() -> ConfigChange.between(running, reread))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst size")
                .hasMessageContaining("queue-size 2097152 needs a restart; until then the running 524288");
    }

    @Test
    void aMountsInputsAndRecordingAreStartupSettingsItsIntroProgramsAndBackendsAreNot() {
        MountConfig installed = MountConfig.withPlaylist("/live", Path.of("music"));
        MountConfig wanted = MountConfig.builder("/live").password("new-pw").playlist(Path.of("other")).shuffle(true)
                .fallbackMount("/backup").relay(URI.create("http://origin:8000/live"))
                .station(new StationInfo("Name", null, null, null, null))
                .listeners(ListenerRules.builder().maxListeners(5).intro(Path.of("intro.mp3")).build()).hidden(true)
                .sourceActions(new SourceActions("on-connect.sh", "on-disconnect.sh", "live-%Y.mp3",
                        URI.create("http://backend/add"), URI.create("http://backend/remove")))
                .build();

        assertThat(ConfigChange.mountStartupChanges(installed, wanted)).containsExactly("mounts./live.playlist",
                "mounts./live.shuffle", "mounts./live.relay", "mounts./live.dump-file");
        assertThat(ConfigChange.mountStartupChanges(installed, installed)).isEmpty();
    }
}
