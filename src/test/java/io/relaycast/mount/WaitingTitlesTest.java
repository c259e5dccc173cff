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
        Runnable stopWaiting = mounts.whenSourceLeaves(PATH, onAir.remote(), () -> { });
        assertThat(mounts.keepTitleForWaitingSource(PATH, IcyMetadata.of("A-Song", ""), onAir.remote())).isTrue();
        stopWaiting.run();
        mount.releaseLive(onAir);

        Mount taken = mounts.claimLive(PATH, source("later"), 0).mount();

        assertThat(taken.metadata().title()).isEmpty();
    }

    @Test
    void aSourceThatTakesTheMountWithoutWaitingDoesNotShowTheTitleKeptForTheWaitingOne() {
        mounts.whenSourceLeaves(PATH, onAir.remote(), () -> { });
        assertThat(mounts.keepTitleForWaitingSource(PATH, IcyMetadata.of("B-Song", ""), onAir.remote())).isTrue();
        mount.releaseLive(onAir);

        Mount taken = mounts.claimLive(PATH, source("direct"), 0).mount();

        assertThat(taken.metadata().title()).isEmpty();
    }

    /**
     * The DJ on air sends a last title as the next DJ's encoder, from another host, waits to take over: that title is
     * the outgoing DJ's, and the next one does not go on air with it (before, it was kept for the waiting source).
     */
    @Test
    void aTitleFromTheLiveSourcesHostIsNotKeptForASourceWaitingFromAnother() {
        LiveSource next = source("next", "127.0.0.2");
        Runnable stopWaiting = mounts.whenSourceLeaves(PATH, next.remote(), () -> { });
        boolean kept = mounts.keepTitleForWaitingSource(PATH, IcyMetadata.of("A-Last-Song", ""), onAir.remote());
        mount.releaseLive(onAir);

        Mount taken = mounts.claimLiveAfterWaiting(PATH, next, 0).mount();
        stopWaiting.run();

        assertThat(kept).isFalse();
        assertThat(taken.metadata().title()).isEmpty();
    }

    /** An update from the waiting source's own host (an encoder reconnecting) is kept for it, whoever is on air. */
    @Test
    void aTitleFromTheWaitingSourcesHostIsKeptForIt() {
        LiveSource next = source("next", "127.0.0.1");
        Runnable stopWaiting = mounts.whenSourceLeaves(PATH, next.remote(), () -> { });
        assertThat(mounts.keepTitleForWaitingSource(PATH, IcyMetadata.of("B-Song", ""), next.remote())).isTrue();
        mount.releaseLive(onAir);

        Mount taken = mounts.claimLiveAfterWaiting(PATH, next, 0).mount();
        stopWaiting.run();

        assertThat(taken.metadata().title()).isEqualTo("B-Song");
    }

    private static LiveSource source(String name) {
        return source(name, "127.0.0.1");
    }

    private static LiveSource source(String name, String host) {
        return new LiveSource(new InetSocketAddress(host, 1), name, Instant.now(), StreamInfo.unnamed(), () -> { });
    }
}
