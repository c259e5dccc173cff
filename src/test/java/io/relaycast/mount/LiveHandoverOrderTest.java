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
import org.junit.jupiter.api.Test;

/**
 * One DJ leaving and the next taking the mount at once, from two threads: whichever of their tasks reaches the mount's
 * loop first, the mount's observers (the recording, the on-disconnect program, the backend, the playlist) hear the first
 * DJ end before the next one starts, and the mount ends up live with the next one.
 */
class LiveHandoverOrderTest {

    @Test
    void theNextSourceStartsAfterThePreviousEndedEvenWhenItsClaimReachesTheLoopFirst() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.of("/live"))))) {
            Mount mount = server.context().mounts().find("/live");
            List<String> events = liveEvents(mount);
            LiveSource first = source("first");
            LiveSource next = source("next");
            assertThat(mount.claimLive(first)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.equals(List.of("started first")));

            // The next DJ's claim runs on the mount's loop, inline, while the first DJ's release waits in its queue.
            CountDownLatch released = new CountDownLatch(1);
            mount.loop().execute(() -> {
                try {
                    assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                mount.claimLive(next);
            });
            mount.releaseLive(first);
            released.countDown();

            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
            assertThat(events).containsExactly("started first", "ended first", "started next");
            assertThat(mount.liveSource()).isSameAs(next);
            assertThat(mount.onAir()).isEqualTo(OnAir.LIVE);
        }
    }

    @Test
    void aSourceReleasedBeforeItsClaimReachedTheLoopGoesOnAndOffTheAirInsteadOfStayingLiveWithNobody() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.of("/live"))))) {
            Mount mount = server.context().mounts().find("/live");
            List<String> events = liveEvents(mount);
            LiveSource dj = source("dj");

            // The claim is made while the loop is busy, so its task waits; an admin kill on the loop releases it first.
            CountDownLatch claimed = new CountDownLatch(1);
            CountDownLatch killed = new CountDownLatch(1);
            mount.loop().execute(() -> {
                try {
                    assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
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
