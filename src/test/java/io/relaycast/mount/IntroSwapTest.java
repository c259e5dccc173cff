package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An intro replaced while listeners on other loops may be starting it: a listener reads the mount's intro and takes its
 * views of it within one task on its loop, so the replaced intro is released only once every loop has run a task since.
 * Here a loop is held inside such a task (a listener between reading the intro and taking its views) while the mount's
 * own loop replaces it.
 */
class IntroSwapTest {

    private final EventLoop mountLoop = new DefaultEventLoop();
    private final EventLoop listenerLoop = new DefaultEventLoop();
    private final Mount mount = new Mount("/live", mountLoop, List.of(mountLoop, listenerLoop),
            PooledByteBufAllocator.DEFAULT, 64 * 1024, Duration.ofMillis(20), true);

    @AfterEach
    void stopLoops() {
        mountLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        listenerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void theIntroReplacedIsReleasedOnlyAfterEveryLoopHasMovedOn() throws Exception {
        Intro first = intro(1);
        Intro second = intro(2);
        mount.playIntro(first);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        ByteBuf[] view = new ByteBuf[1];
        listenerLoop.execute(() -> {
            Intro read = mount.intro();
            reading.countDown();
            waitFor(goOn);
            // What a listener does next in the same task: its own view of what it read.
            view[0] = read.audioFor(false).retainedDuplicate();
        });
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
        mountLoop.submit(() -> mount.playIntro(second)).sync();
        assertThat(mount.intro()).isSameAs(second);
        mountLoop.submit(() -> { }).sync();
        assertThat(first.audio().refCnt()).as("a listener loop may still be starting it").isEqualTo(1);

        goOn.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> view[0] != null);
        assertThat(view[0].getByte(0)).as("the listener's view holds the intro it read").isEqualTo((byte) 1);
        view[0].release();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.audio().refCnt() == 0);

        mount.close().get(5, TimeUnit.SECONDS);
        assertThat(second.audio().refCnt()).as("a closed mount lets its intro go").isZero();
        Intro late = intro(3);
        mountLoop.submit(() -> mount.playIntro(late)).sync();
        assertThat(late.audio().refCnt()).as("one handed to a closed mount is let go at once").isZero();
    }

    private static Intro intro(int fill) {
        ByteBuf audio = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
        audio.writeZero(1024).setByte(0, fill);
        return new Intro(audio, null, null, 1, 26_000_000L);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
