package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.relaycast.mount.Mount;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SampleFormat;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playlist input on its own, its reader thread being the test's: what the mount's loop gets at each poll, what is
 * logged and counted, what is asked of the shared reader thread.
 */
class PlaylistInputTest {

    @TempDir
    Path dir;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EventLoop loop = channel.eventLoop();
    private final Mount mount = new Mount("/test", loop, List.of(loop), UnpooledByteBufAllocator.DEFAULT, 64 * 1024,
            Duration.ofMillis(100), true);
    private PlaylistInput input;

    @AfterEach
    void close() {
        if (input != null) {
            input.close();
        }
        mount.close();
        channel.finishAndReleaseAll();
    }

    @Test
    void nothingPlayableIsLoggedAndItsFilesCountedOnceNotAgainAtEveryRescan() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Files.write(music.resolve("empty.mp3"), new byte[0]);
        Files.writeString(music.resolve("text.mp3"), "this is not audio\n".repeat(200));
        input = input(music, Runnable::run);
        try (LoggedWarnings warnings = LoggedWarnings.of(PlaylistInput.class)) {
            for (int rescan = 0; rescan < 5; rescan++) {
                input.scan();
                assertThat(input.poll()).isNull();
            }
            assertThat(warnings.count(Level.WARN, "mount /test: nothing playable", "")).isEqualTo(1);
            assertThat(mount.stats().playlistFilesSkipped()).isEqualTo(2);
        }
    }
    @Test
    void aSkippedTrackIsFollowedByTheNextOneAtTheNextFrameWithNoSilenceBetween() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 4, 128, 440, "A", "First");
        TestTracks.tagged(music.resolve("b.mp3"), 1, 128, 550, "B", "Second");
        AtomicInteger fills = new AtomicInteger();
        input = input(music, task -> {
            fills.incrementAndGet();
            task.run();
        });
        input.scan();
        assertThat(input.poll()).isNull();
        // That poll started the prefetch; play until it is topped up, full as when a live source takes the mount over.
        do {
            input.poll().release();
        } while (fills.get() < 2);
        assertThat(input.current()).map(Track::id).contains("a.mp3");

        input.skip();
        Mp3Frame next = input.poll();

        assertThat(next).isNotNull();
        next.release();
        assertThat(input.current()).map(Track::id).contains("b.mp3");
    }
    @Test
    void rescansAskedForWhileOneWaitsForTheScanThreadAreThatOne() throws Exception {
        List<Runnable> scans = new ArrayList<>();
        input = new PlaylistInput(mount, Files.createDirectories(dir.resolve("music")), false, false, Runnable::run,
                scans::add, UnpooledByteBufAllocator.DEFAULT);
        for (int request = 0; request < 20; request++) {
            input.rescan();
        }
        assertThat(scans).hasSize(1);

        scans.remove(0).run();
        input.rescan();
        assertThat(scans).hasSize(1);
    }

    @Test
    void aVbrTrackThatStartsInSilenceIsReencodedAtAFullBitrateNotAtItsFirstFrames() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        // LAME's VBR codes the first two seconds of silence in 32 kbit/s frames.
        Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000:duration=4,volume=enable='lt(t,2)':volume=0", "-ac", "2",
                "-c:a", "libmp3lame", "-q:a", "2", music.resolve("quiet-start.mp3").toString()).assertSuccess();
        mount.conformLive("ffmpeg");
        mount.streamFormat().declare(new SampleFormat(44_100, 2));
        input = input(music, Runnable::run);
        input.scan();
        assertThat(input.poll()).isNull();

        Mp3Frame first = input.poll();

        try {
            assertThat(first.header().sampleRate()).isEqualTo(44_100);
            assertThat(first.header().bitrateKbps()).isGreaterThanOrEqualTo(128);
        } finally {
            first.release();
        }
    }

    @Test
    void aMountPolledBeforeItsFirstScanArrivesIsNotReportedAsHavingNothingPlayable() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 1, 128, 440, "A", "First");
        List<Runnable> scans = new ArrayList<>();
        input = new PlaylistInput(mount, music, false, false, Runnable::run, scans::add, UnpooledByteBufAllocator.DEFAULT);
        try (LoggedWarnings warnings = LoggedWarnings.of(PlaylistInput.class)) {
            input.rescan();
            assertThat(input.poll()).isNull();
            scans.remove(0).run();
            assertThat(input.poll()).isNull();
            Mp3Frame first = input.poll();

            assertThat(first).isNotNull();
            first.release();
            assertThat(warnings.count(Level.WARN, "mount /test: nothing playable", "")).isZero();
        }
    }

    @Test
    void aNamedPipeInAListIsSkippedWithoutHoldingUpTheScanOrTheReader() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 1, 128, 440, "A", "First");
        Programs.namedPipe(music.resolve("pipe.mp3"));
        input = input(Files.writeString(music.resolve("list.m3u"), "pipe.mp3\na.mp3\n"), Runnable::run);
        try (LoggedWarnings warnings = LoggedWarnings.of(PlaylistInput.class)) {
            Mp3Frame first = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                input.scan();
                input.poll();
                return input.poll();
            });

            assertThat(first).isNotNull();
            first.release();
            assertThat(input.current()).map(Track::id).contains("a.mp3");
            assertThat(warnings.count(Level.WARN, "mount /test: skipped", "not a regular file")).isEqualTo(1);
        }
    }

    /**
     * Memory running out while a track is read (the allocator failing, an Error): the track is given up, one ERROR line is
     * logged rather than one at every silent frame's poll, and the next track plays once the reader has rested a moment.
     */
    @Test
    void aTrackWhoseReadingRunsOutOfMemoryIsSkippedWithOneErrorLineAndTheNextTrackPlays() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        // Three 64 KiB blocks: the third needs a buffer of its own while the frames of the first two are held.
        TestTracks.tagged(music.resolve("a.mp3"), 20, 128, 440, "A", "First");
        TestTracks.tagged(music.resolve("b.mp3"), 1, 128, 550, "B", "Second");
        AtomicBoolean memoryTight = new AtomicBoolean(true);
        AtomicInteger buffers = new AtomicInteger();
        ByteBufAllocator failing = new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                if (buffers.incrementAndGet() > 1 && memoryTight.get()) {
                    throw new OutOfMemoryError("test: no direct memory");
                }
                return Unpooled.buffer(initialCapacity, maxCapacity);
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return newHeapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
        input = new PlaylistInput(mount, music, false, false, LoggedTasks.logging(Runnable::run), Runnable::run, failing);
        try (LoggedWarnings logged = LoggedWarnings.of(LoggedTasks.class)) {
            input.scan();
            for (int poll = 0; poll < 600; poll++) {
                Mp3Frame frame = input.poll();
                if (frame != null) {
                    frame.release();
                }
            }
            memoryTight.set(false);

            await("the next track").atMost(Duration.ofSeconds(5)).until(() -> {
                Mp3Frame frame = input.poll();
                if (frame != null) {
                    frame.release();
                }
                return input.current().map(Track::id).orElse("").equals("b.mp3");
            });
            assertThat(buffers.get()).isGreaterThan(1);
            assertThat(logged.count(Level.ERROR, "a playlist task failed", "")).isEqualTo(1);
        }
    }

    private PlaylistInput input(Path music, Executor reader) {
        return new PlaylistInput(mount, music, false, false, reader, reader, UnpooledByteBufAllocator.DEFAULT);
    }
}
