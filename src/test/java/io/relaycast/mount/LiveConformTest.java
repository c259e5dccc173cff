package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SampleFormat;
import io.relaycast.mp3.SilentFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-encoding a live source's audio, as the mount's loop sees it: what passes on, and with which flags. */
class LiveConformTest {

    @TempDir
    Path dir;

    /** MPEG-1 Layer III, 128 kbit/s, 48 kHz, stereo: a format change on a 44.1 kHz stream. */
    private static final FrameHeader AT_48_KHZ = FrameHeader.parse(0xFFFB9400);

    /**
     * The source's own frames went out as re-encoded ones until ffmpeg died: its first own frame may reach back into a
     * bit reservoir that holds ffmpeg's bytes, so the mount must take it for a new stretch of stream and bridge it.
     */
    @Test
    void theFirstOwnFrameAfterAReencodingIsGivenUpComesAfterAGap() {
        DefaultEventLoop loop = new DefaultEventLoop();
        LiveConform conform = new LiveConform("/test", loop, ByteBufAllocator.DEFAULT, new MountStats(), String::valueOf,
                (from, frame) -> frame.release());
        // A "re-encoder" that ends at once, as a killed ffmpeg does.
        conform.follow("false");
        Object source = new Object();
        SampleFormat stream = new SampleFormat(44_100, 2);
        AtomicReference<Mp3Frame> passed = new AtomicReference<>();
        try {
            await("re-encoding given up").atMost(Duration.ofSeconds(10)).until(() -> {
                passed.set(conform.admit(source, frame(), stream));
                return passed.get() != null;
            });
            assertThat(passed.get().afterGap()).isTrue();
        } finally {
            if (passed.get() != null) {
                passed.get().release();
            }
            conform.end();
            loop.shutdownGracefully();
        }
    }

    /**
     * ffmpeg's last frames may still wait for the mount's loop when it is given up: they are dropped, or they would go
     * out after the source's own first frame, in the other format.
     */
    @Test
    void reencodedFramesStillOnTheirWayWhenTheReencodingIsGivenUpAreDropped() throws Exception {
        FrameHeader stream44k = FrameHeader.parse(0xFFFB9000);
        Path frames = Files.write(dir.resolve("out.mp3"), repeated(SilentFrames.silentFrame(stream44k), 10));
        // A "re-encoder" that gives back ten frames and ends, as an ffmpeg that dies mid-set.
        Path program = Files.writeString(dir.resolve("fake-ffmpeg"), "#!/bin/sh\nexec cat " + frames + "\n");
        assertThat(program.toFile().setExecutable(true)).isTrue();
        DefaultEventLoop loop = new DefaultEventLoop();
        CountDownLatch loopHeld = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(loopHeld));
        MountStats stats = new MountStats();
        AtomicInteger published = new AtomicInteger();
        LiveConform conform = new LiveConform("/test", loop, ByteBufAllocator.DEFAULT, stats, String::valueOf,
                (from, frame) -> {
                    published.incrementAndGet();
                    frame.release();
                });
        conform.follow(program.toString());
        Object source = new Object();
        SampleFormat stream = new SampleFormat(44_100, 2);
        AtomicReference<Mp3Frame> passed = new AtomicReference<>();
        try {
            assertThat(conform.admit(source, frame(), stream)).as("the first frame goes to be re-encoded").isNull();
            await("ten frames re-encoded").atMost(Duration.ofSeconds(10)).until(() -> stats.reencodedFrames() == 10);
            await("re-encoding given up").atMost(Duration.ofSeconds(10)).until(() -> {
                passed.set(conform.admit(source, frame(), stream));
                return passed.get() != null;
            });
            loopHeld.countDown();
            loop.submit(() -> { }).get(10, TimeUnit.SECONDS);

            assertThat(published.get()).as("re-encoded frames published after giving up").isZero();
        } finally {
            loopHeld.countDown();
            if (passed.get() != null) {
                passed.get().release();
            }
            conform.end();
            loop.shutdownGracefully();
        }
    }

    private static byte[] repeated(byte[] frame, int times) {
        byte[] all = new byte[frame.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(frame, 0, all, i * frame.length, frame.length);
        }
        return all;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Mp3Frame frame() {
        return new Mp3Frame(AT_48_KHZ, Unpooled.wrappedBuffer(SilentFrames.silentFrame(AT_48_KHZ)));
    }
}
