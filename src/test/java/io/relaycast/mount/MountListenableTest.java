package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners may join a mount as soon as a source has claimed it: the source's encoder is answered on its own loop,
 * perhaps before the mount's loop has put it on air, and a listener right behind it must not hear 404.
 */
class MountListenableTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final Mount mount = new Mount("/live", loop, List.of(loop), UnpooledByteBufAllocator.DEFAULT, 64 * 1024,
            Duration.ofMillis(100), false);
    private final LiveSource source = new LiveSource(new InetSocketAddress("127.0.0.1", 9), "test-encoder", Instant.now(),
            StreamInfo.unnamed(), () -> { });

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aClaimedMountIsListenableBeforeItsLoopPutsTheSourceOnAir() {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            busy.countDown();
            awaitQuietly(release);
        });
        try {
            awaitQuietly(busy);
            assertThat(mount.isListenable()).as("no source yet").isFalse();
            assertThat(mount.claimLive(source)).isTrue();
            assertThat(mount.onAir()).as("the mount's loop has not run the switch yet").isEqualTo(OnAir.OFF);
            assertThat(mount.isListenable()).isTrue();
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.LIVE);
        mount.releaseLive(source);
        await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.OFF);
        assertThat(mount.isListenable()).as("the source left").isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
