package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.icy.IcyMetadata;
import io.relaycast.testing.TestServer;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A title update sent while a source waits for its mount is kept for that waiting source only: not for a source that
 * comes later, once the waiter has given up (to the mount, or to one made again on its path), nor for one that takes
 * the mount without having waited.
 */
class WaitingTitlesTest {

    private static final String PATH = "/show";

    private TestServer server;
    private MountRegistry mounts;
    private Mount mount;
    private final LiveSource onAir = source("on air");

    @BeforeEach
    void startWithASourceOnAir() {
        server = TestServer.start();
        mounts = server.context().mounts();
        mount = mounts.claimLive(PATH, onAir, 0).mount();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aTitleKeptForASourceThatGaveUpWaitingIsNotShownByTheNextSource() {
        Runnable stopWaiting = mounts.whenSourceLeaves(PATH, () -> { });
        assertThat(mounts.keepTitleForWaitingSource(PATH, IcyMetadata.of("A-Song", ""))).isTrue();
        stopWaiting.run();
        mount.releaseLive(onAir);

        Mount taken = mounts.claimLive(PATH, source("later"), 0).mount();

        assertThat(taken.metadata().title()).isEmpty();
    }

    @Test
    void aSourceThatTakesTheMountWithoutWaitingDoesNotShowTheTitleKeptForTheWaitingOne() {
        mounts.whenSourceLeaves(PATH, () -> { });
        assertThat(mounts.keepTitleForWaitingSource(PATH, IcyMetadata.of("B-Song", ""))).isTrue();
        mount.releaseLive(onAir);

        Mount taken = mounts.claimLive(PATH, source("direct"), 0).mount();

        assertThat(taken.metadata().title()).isEmpty();
    }

    private static LiveSource source(String name) {
        return new LiveSource(new InetSocketAddress("127.0.0.1", 1), name, Instant.now(), StreamInfo.unnamed(), () -> { });
    }
}
