package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mp3.ChannelMode;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.MpegVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fallback pacer on a virtual clock: hours of VBR playlist without drift, no catch-up bursts. */
class FallbackPacerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final int[] MPEG1_KBPS = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EventLoop loop = channel.eventLoop();
    private final Mount mount = new Mount("/test", loop, List.of(loop), UnpooledByteBufAllocator.DEFAULT, 64 * 1024,
            Duration.ofMillis(100), true);

    /** Every frame the mount published, as (virtual time, exact audio seconds up to and including it). */
    private final Random random = new Random(42);
    private long framesSeen;
    private double audioSeconds;
    private double minDrift = Double.MAX_VALUE;
    private double maxDrift = -Double.MAX_VALUE;
    private long lastPublishAt = -1;
    private int sameInstant;
    private int maxSameInstant;

    @AfterEach
    void close() {
        mount.close();
        channel.finishAndReleaseAll();
    }

    @Test
    void threeHoursOfVbrPlaylistWithLateTimersDoNotDrift() {
        VirtualClock clock = new VirtualClock(random, 4_000_000L);
        FallbackPacer pacer = new FallbackPacer(mount, List.of(new VbrInput(random, 20_000)), clock, true);
        long start = clock.nanoTime();
        watch(clock, start);
        pacer.start();
        long hours = 3;
        clock.runUntil(start + hours * 3600 * SECOND);

        double elapsed = (clock.nanoTime() - start) / (double) SECOND;
        assertThat(framesSeen).isGreaterThan(hours * 3600 * 38 - 100);
        // Audio sent minus wall time: never more than one frame ahead, never behind by more than one timer's lateness.
        assertThat(maxDrift).isLessThanOrEqualTo(0.0262);
        assertThat(minDrift).isGreaterThan(-0.005);
        assertThat(Math.abs(audioSeconds - elapsed)).isLessThan(0.030);
        assertThat(maxSameInstant).as("frames published at one instant").isLessThanOrEqualTo(1);
        assertThat(mount.stats().pacerResets()).isZero();
    }

    @Test
    void aStalledLoopRestartsTheClockInsteadOfBursting() {
        VirtualClock clock = new VirtualClock(random, 0);
        FallbackPacer pacer = new FallbackPacer(mount, List.of(new VbrInput(random, Integer.MAX_VALUE)), clock, true);
        long start = clock.nanoTime();
        watch(clock, start);
        pacer.start();
        clock.runUntil(start + 10 * SECOND);
        clock.stallNextTimer(3 * SECOND);
        clock.runUntil(start + 20 * SECOND);

        assertThat(mount.stats().pacerResets()).isEqualTo(1);
        assertThat(maxSameInstant).as("frames published at one instant").isLessThanOrEqualTo(1);
    }

    @Test
    void silenceFillsWhenTheInputHasNothingAndKeepsTheFormat() {
        VirtualClock clock = new VirtualClock(random, 0);
        FallbackPacer pacer = new FallbackPacer(mount, List.of(new VbrInput(random, 50)), clock, true);
        long start = clock.nanoTime();
        watch(clock, start);
        pacer.start();
        clock.runUntil(start + 10 * SECOND);

        assertThat(mount.stats().silenceFrames()).isBetween(330L, 340L);
        assertThat(mount.onAir()).isEqualTo(OnAir.SILENCE);
        assertThat(mount.format().sampleRate()).isEqualTo(44100);
        assertThat(Math.abs(audioSeconds - 10)).isLessThan(0.030);
    }

    @Test
    void aMountASourceMadePlaysSilenceAfterItsSourceLeftForAListenerAdmittedButNotYetCounted() {
        VirtualClock clock = new VirtualClock(random, 0);
        Mount made = sourceMade(clock);
        LiveSource dj = new LiveSource(new InetSocketAddress("127.0.0.1", 9), "dj", Instant.now(), StreamInfo.unnamed(),
                () -> { });
        assertThat(made.claimLive(dj)).isTrue();
        // Let in, while its listener_add backend is still asked: it is counted as a listener only once that answers.
        assertThat(made.tryTakeListenerPlace()).isTrue();
        made.releaseLive(dj);
        clock.runUntil(clock.nanoTime() + SECOND);

        assertThat(made.onAir()).isEqualTo(OnAir.SILENCE);
        made.close();
    }

    @Test
    void aListenerMovedToAMountASourceMadeThatPlaysNothingStartsItsSilence() {
        VirtualClock clock = new VirtualClock(random, 0);
        Mount made = sourceMade(clock);
        assertThat(made.onAir()).isEqualTo(OnAir.OFF);

        made.takeListenerPlace();
        channel.runPendingTasks();
        clock.runUntil(clock.nanoTime() + SECOND);

        assertThat(made.onAir()).isEqualTo(OnAir.SILENCE);
        made.close();
    }

    /**
     * The DJ's mount's end reaches its loop a moment after its source let go of it: until then the mount it relays is
     * still on the air, so the station relaying it keeps waiting rather than slipping a playlist frame in.
     */
    @Test
    void aStationRelayingADjsMountPlaysNoPlaylistFrameBeforeTheDjsMountsLoopHearsTheDjLeft() throws Exception {
        VirtualClock clock = new VirtualClock(random, 0);
        DefaultEventLoop djLoop = new DefaultEventLoop();
        Mount live = new Mount("/live", djLoop, List.of(djLoop), UnpooledByteBufAllocator.DEFAULT, 64 * 1024,
                Duration.ofMillis(100), false);
        LiveSource dj = new LiveSource(new InetSocketAddress("127.0.0.1", 9), "dj", Instant.now(), StreamInfo.unnamed(),
                () -> { });
        CountDownLatch djLoopHeld = new CountDownLatch(1);
        try {
            assertThat(live.claimLive(dj)).isTrue();
            await("the DJ on the air").atMost(Duration.ofSeconds(5)).until(() -> live.onAir() == OnAir.LIVE);
            FallbackPacer pacer = new FallbackPacer(mount, List.of(new VbrInput(random, Integer.MAX_VALUE)), clock, true);
            pacer.relayFrom(live);
            long start = clock.nanoTime();
            watch(clock, start);
            pacer.start();

            djLoop.execute(() -> awaitQuietly(djLoopHeld));
            live.releaseLive(dj);
            clock.runUntil(start + SECOND / 2);
            long framesWhileTheEndIsOnItsWay = framesSeen;
            djLoopHeld.countDown();
            await("the DJ's end heard on its loop").atMost(Duration.ofSeconds(5)).until(() -> live.onAir() == OnAir.OFF);
            clock.runUntil(start + SECOND);

            assertThat(framesWhileTheEndIsOnItsWay).isZero();
            assertThat(mount.onAir()).isEqualTo(OnAir.PLAYLIST);
            pacer.relayFrom(null);
        } finally {
            djLoopHeld.countDown();
            live.close();
            djLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** A mount a source made, with the pacer such a mount gets: silence while it has listeners. */
    private Mount sourceMade(VirtualClock clock) {
        Mount made = new Mount("/made", loop, List.of(loop), UnpooledByteBufAllocator.DEFAULT, 64 * 1024,
                Duration.ofMillis(100), false);
        FallbackPacer pacer = new FallbackPacer(made, List.of(), clock, false);
        made.addObserver(pacer);
        made.setFallback(pacer);
        return made;
    }

    private void watch(VirtualClock clock, long start) {
        mount.addFrameTap(frame -> {
            long now = clock.nanoTime();
            framesSeen++;
            audioSeconds += frame.header().samplesPerFrame() / (double) frame.header().sampleRate();
            double drift = audioSeconds - (now - start) / (double) SECOND;
            minDrift = Math.min(minDrift, drift);
            maxDrift = Math.max(maxDrift, drift);
            sameInstant = now == lastPublishAt ? sameInstant + 1 : 1;
            maxSameInstant = Math.max(maxSameInstant, sameInstant);
            lastPublishAt = now;
            frame.release();
        });
    }

    /** Random-bitrate MPEG-1 Layer III frames; after {@code count} frames it has nothing more. */
    private static final class VbrInput implements FallbackInput {
        private final Random random;
        private int left;

        VbrInput(Random random, int count) {
            this.random = random;
            this.left = count;
        }

        @Override
        public Mp3Frame poll() {
            if (left-- <= 0) {
                return null;
            }
            FrameHeader header = new FrameHeader(MpegVersion.MPEG_1, 3, MPEG1_KBPS[random.nextInt(MPEG1_KBPS.length)], 44100,
                    random.nextBoolean(), ChannelMode.JOINT_STEREO);
            byte[] bytes = new byte[header.frameLength()];
            int word = header.encode();
            bytes[0] = (byte) (word >>> 24);
            bytes[1] = (byte) (word >>> 16);
            bytes[2] = (byte) (word >>> 8);
            bytes[3] = (byte) word;
            return new Mp3Frame(header, Unpooled.wrappedBuffer(bytes));
        }

        @Override
        public IcyMetadata metadata() {
            return IcyMetadata.of("vbr", "");
        }

        @Override
        public OnAir kind() {
            return OnAir.PLAYLIST;
        }
    }
}
