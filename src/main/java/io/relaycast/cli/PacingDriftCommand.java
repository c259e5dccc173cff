package io.relaycast.cli;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.relaycast.mount.FallbackPacer;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountStats;
import io.relaycast.playlist.PlaylistInput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the real-time drift of the AutoDj: plays a playlist through the production pacer on a real event loop for a
 * while and prints, for each frame, how much later than due it was published (due = start + exact playing time of the
 * frames before it). A deliberate clock restart after a stall (counted as clock_resets) starts the measure again.
 */
@Command(name = "pacing-drift", mixinStandardHelpOptions = true,
        description = "Play a playlist through the fallback pacer in real time and print how far audio drifts from the clock.")
final class PacingDriftCommand implements Callable<Integer> {

    @Option(names = "--playlist", required = true, description = "Folder of MP3 files, .m3u/.m3u8 or .pls.")
    Path playlist;

    @Option(names = "--seconds", defaultValue = "600", description = "How long to measure.")
    int seconds;

    @Option(names = "--report-every", defaultValue = "10", description = "Seconds between progress lines.")
    int reportEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();
        EventLoop loop = group.next();
        Mount mount = new Mount("/drift", loop, List.of(loop), PooledByteBufAllocator.DEFAULT, 512 * 1024,
                Duration.ofMillis(100), true);
        PlaylistInput input = new PlaylistInput(mount, playlist, false, false, reader, reader,
                PooledByteBufAllocator.DEFAULT);
        reader.submit((Runnable) input::scan).get();
        DriftMeter meter = new DriftMeter();
        mount.addFrameTap(frame -> {
            meter.published(frame.header().samplesPerFrame(), frame.header().sampleRate(), System.nanoTime(),
                    mount.stats().pacerResets());
            frame.release();
        });
        loop.submit(() -> {
            meter.start(System.nanoTime());
            FallbackPacer.install(mount, List.of(input), true);
        }).sync();
        out.printf("pacing %s for %d s; drift = when a frame was published - when it was due by the audio before it%n",
                playlist, seconds);
        for (int elapsed = reportEvery; elapsed <= seconds; elapsed += reportEvery) {
            TimeUnit.SECONDS.sleep(reportEvery);
            String line = loop.submit(meter::interval).get();
            out.printf("t=%5d s  %s%n", elapsed, line);
            out.flush();
        }
        MountStats stats = mount.stats();
        out.printf("RESULT seconds=%d %s tracks=%d skipped=%d silence_frames=%d clock_resets=%d%n", seconds,
                loop.submit(meter::summary).get(), stats.tracksStarted(), stats.playlistFilesSkipped(), stats.silenceFrames(),
                stats.pacerResets());
        out.flush();
        mount.close();
        input.close();
        reader.shutdown();
        reader.awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        return 0;
    }

    /**
     * Publication time of each frame against its due time: start + the exact playing time of all frames before it
     * (summed in samples, with the nanosecond remainder carried). Drift would show as a trend; jitter stays bounded.
     * Touched on the mount's loop only.
     */
    static final class DriftMeter {
        private long startNanos;
        private long audioNanos;
        private long remainder;
        private long frames;
        private long resets;
        private long lastDrift;
        private long intervalMax = Long.MIN_VALUE;
        private long intervalMin = Long.MAX_VALUE;
        private long overallMax = Long.MIN_VALUE;
        private long overallMin = Long.MAX_VALUE;

        void start(long nanos) {
            startNanos = nanos;
        }

        void published(int samples, int sampleRate, long nowNanos, long pacerResets) {
            if (pacerResets != resets) {
                // The pacer restarted its clock after a stall, on purpose (no catch-up burst): measure from here.
                resets = pacerResets;
                startNanos = nowNanos - audioNanos;
            }
            long drift = nowNanos - (startNanos + audioNanos);
            lastDrift = drift;
            intervalMax = Math.max(intervalMax, drift);
            intervalMin = Math.min(intervalMin, drift);
            overallMax = Math.max(overallMax, drift);
            overallMin = Math.min(overallMin, drift);
            long total = samples * 1_000_000_000L + remainder;
            audioNanos += total / sampleRate;
            remainder = total % sampleRate;
            frames++;
        }

        String interval() {
            String line = String.format("frames=%8d  drift=%+8.3f ms  (this interval: %+.3f .. %+.3f ms)", frames,
                    lastDrift / 1e6, intervalMin / 1e6, intervalMax / 1e6);
            intervalMax = Long.MIN_VALUE;
            intervalMin = Long.MAX_VALUE;
            return line;
        }

        String summary() {
            return String.format("frames=%d audio_s=%.3f final_drift_ms=%+.3f min_drift_ms=%+.3f max_drift_ms=%+.3f", frames,
                    audioNanos / 1e9, lastDrift / 1e6, overallMin / 1e6, overallMax / 1e6);
        }
    }
}
