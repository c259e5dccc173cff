package io.relaycast.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.config.SourceActions;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's own {@code source-timeout} (Icecast's per-mount setting): its silent source is dropped after that long,
 * while a silent source on a mount without one keeps the server's. Real sockets.
 */
class MountSourceTimeoutTest {

    @TempDir
    static Path dir;
    static List<byte[]> frames;

    @BeforeAll
    static void makeAudio() {
        frames = TestAudio.toneFrames(dir, 2);
    }

    @Test
    void aMountsOwnSourceTimeoutDropsItsSilentSourceAndNoOtherMountsSource() {
        SourceActions quick = new SourceActions(null, null, null, null, null, Duration.ofSeconds(1));
        MountConfig impatient = MountConfig.builder("/impatient").sourceActions(quick).build();
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30))
                .withMounts(List.of(impatient, MountConfig.of("/patient"))));
             RawClient short1 = RawSource.open(server.port(), "/impatient");
             RawClient long1 = RawSource.open(server.port(), "/patient")) {
            assertThat(server.context().config().sourceTimeout("/impatient")).isEqualTo(Duration.ofSeconds(1));
            assertThat(server.context().config().sourceTimeout("/patient")).isEqualTo(Duration.ofSeconds(30));
            short1.send(TestAudio.concat(frames.subList(0, 10)));
            long1.send(TestAudio.concat(frames.subList(0, 10)));
            Mount shortMount = server.context().mounts().find("/impatient");
            Mount longMount = server.context().mounts().find("/patient");
            await().atMost(Duration.ofSeconds(5)).until(() -> shortMount.onAir() == OnAir.LIVE
                    && longMount.onAir() == OnAir.LIVE);

            assertThat(short1.closedByServer(5000)).as("dropped after its mount's 1 s").isTrue();
            await().atMost(Duration.ofSeconds(2)).until(() -> shortMount.stats().sourceTimeouts() == 1);
            assertThat(longMount.onAir()).as("the server's 30 s still holds for the other").isEqualTo(OnAir.LIVE);
            assertThat(longMount.stats().sourceTimeouts()).isZero();
        }
    }
}
