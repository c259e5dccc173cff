package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.testing.TestServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One DJ leaving and the next taking the mount at once, from two threads: whichever of their tasks reaches the mount's
 * loop first, the mount's observers (the recording, the on-disconnect program, the backend, the playlist) hear the first
 * DJ end before the next one starts, and the mount ends up live with the next one. A source that came and went before
 * its tasks reached the loop never ends the one that holds the mount since.
 */
class LiveHandoverOrderTest {

    private TestServer server;
    private Mount mount;
    private List<String> events;

    @BeforeEach
    void startWithAConfiguredMount() {
        server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.of("/live"))));
        mount = server.context().mounts().find("/live");
        events = liveEvents(mount);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theNextSourceStartsAfterThePreviousEndedEvenWhenItsClaimReachesTheLoopFirst() throws Exception {
        LiveSource first = source("first");
        LiveSource next = source("next");
        assertThat(mount.claimLive(first)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.equals(List.of("started first")));

        // The next DJ's claim runs on the mount's loop, inline, while the first DJ's release waits in its queue.
        CountDownLatch released = new CountDownLatch(1);
        busyUntil(released, () -> mount.claimLive(next));
        mount.releaseLive(first);
        released.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
        assertThat(events).containsExactly("started first", "ended first", "started next");
        assertThat(mount.liveSource()).isSameAs(next);
        assertThat(mount.onAir()).isEqualTo(OnAir.LIVE);
    }

    @Test
    void aSourceReleasedBeforeItsClaimReachedTheLoopGoesOnAndOffTheAirInsteadOfStayingLiveWithNobody() throws Exception {
        LiveSource dj = source("dj");

        // The claim is made while the loop is busy, so its task waits; an admin kill on the loop releases it first.
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        busyUntil(claimed, () -> {
            mount.releaseLive(dj);
            killed.countDown();
        });
        assertThat(mount.claimLive(dj)).isTrue();
        claimed.countDown();
        assertThat(killed.await(10, TimeUnit.SECONDS)).isTrue();

        await("the released source ended on the loop").atMost(Duration.ofSeconds(5))
                .until(() -> events.size() >= 2);
        assertThat(events).containsExactly("started dj", "ended dj");
        assertThat(mount.liveSource()).isNull();
        assertThat(mount.onAir()).isNotEqualTo(OnAir.LIVE);
    }

    @Test
    void aSourceThatCameAndWentBeforeItsTasksReachedTheLoopDoesNotEndTheSourceThatHoldsTheMountSince() throws Exception {
        LiveSource stale = source("stale");
        LiveSource holder = source("holder");

        // The stale source claims and leaves from another thread while the loop is busy: its tasks wait there. The
        // holder's connection is on the mount's loop, so its claim is put on the air inline, ahead of them.
        CountDownLatch gone = new CountDownLatch(1);
        busyUntil(gone, () -> mount.claimLive(holder));
        assertThat(mount.claimLive(stale)).isTrue();
        mount.releaseLive(stale);
        gone.countDown();

        await("the holder went on the air").atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
        CountDownLatch drained = new CountDownLatch(1);
        mount.loop().execute(drained::countDown);
        assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("started holder");
        assertThat(mount.liveSource()).isSameAs(holder);
        assertThat(mount.onAir()).isEqualTo(OnAir.LIVE);
    }

    /** Keeps the mount's loop busy until {@code go}, then runs {@code then} on it. */
    private void busyUntil(CountDownLatch go, Runnable then) {
        mount.loop().execute(() -> {
            try {
                assertThat(go.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            then.run();
        });
    }

    /** What the mount's observers hear of its live sources, as "started NAME" and "ended NAME". */
    private static List<String> liveEvents(Mount mount) {
        List<String> events = new CopyOnWriteArrayList<>();
        mount.addObserver(new MountObserver() {
            @Override
            public void liveStarted(Mount on, LiveSource source) {
                events.add("started " + source.userAgent());
            }

            @Override
            public void liveEnded(Mount on, LiveSource source) {
                events.add("ended " + source.userAgent());
            }
        });
        return events;
    }

    private static LiveSource source(String name) {
        return new LiveSource(new InetSocketAddress("127.0.0.1", 1), name, Instant.now(), StreamInfo.unnamed(), () -> { });
    }
}
