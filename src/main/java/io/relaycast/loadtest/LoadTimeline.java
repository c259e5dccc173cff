package io.relaycast.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Second by second, what the load generator itself went through: how many reads and bytes its listeners took in, how
 * much CPU it used, and how late its event loop ran. A load generator that falls behind reads late, and a listener that
 * reads late counts its own lateness as the server's underrun: the loop lag tells the two apart.
 *
 * <p>The lag is measured by a task due {@link #TICK_NANOS} after its last run: how long after its due time it ran, which
 * is how long a socket that became readable then waited for the loop at most. Each of the load test's event loops keeps
 * its own (see {@link LoadShard}), and all its methods run on that loop.
 */
final class LoadTimeline {

    /** How often the loop's lateness is sampled. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final long startNanos;
    private final LongSupplier cpuNanos;
    private final List<LoadSecond> seconds = new ArrayList<>();
    private long due;
    private long secondEnds;
    private long cpuAtSecondStart;
    private long reads;
    private long bytes;
    private long secondMaxLag;
    private long maxLag;

    /**
     * @param startNanos when the run started ({@link System#nanoTime()})
     * @param cpuNanos   the process's CPU time so far
     */
    LoadTimeline(long startNanos, LongSupplier cpuNanos) {
        this.startNanos = startNanos;
        this.cpuNanos = cpuNanos;
        this.due = startNanos + TICK_NANOS;
        this.secondEnds = startNanos + TimeUnit.SECONDS.toNanos(1);
        this.cpuAtSecondStart = cpuNanos.getAsLong();
    }

    /** A listener read {@code count} bytes. */
    void read(int count) {
        reads++;
        bytes += count;
    }

    /**
     * The lag task ran at {@code now}: it is due one tick after the start, then one tick after each of its runs (a
     * fixed delay, as the loop schedules it). With a fixed rate instead, a loop whose every turn takes longer than a tick
     * would run the task once per turn and pile up a debt of due times that no read ever waited for.
     */
    void tick(long now, int open) {
        long lag = Math.max(0, now - due);
        due = now + TICK_NANOS;
        secondMaxLag = Math.max(secondMaxLag, lag);
        maxLag = Math.max(maxLag, lag);
        while (now >= secondEnds) {
            long cpu = cpuNanos.getAsLong();
            seconds.add(new LoadSecond((int) TimeUnit.NANOSECONDS.toSeconds(secondEnds - startNanos), open, reads, bytes,
                    millis(secondMaxLag), millis(cpu - cpuAtSecondStart)));
            cpuAtSecondStart = cpu;
            reads = 0;
            bytes = 0;
            secondMaxLag = 0;
            secondEnds += TimeUnit.SECONDS.toNanos(1);
        }
    }

    /** The seconds completed so far, oldest first. */
    List<LoadSecond> seconds() {
        return List.copyOf(seconds);
    }

    /**
     * The timelines of several loops of one run as one: per second, the listeners opened, reads, bytes and CPU added up,
     * and the loop that ran furthest behind. Seconds that not every loop completed are left out.
     */
    static List<LoadSecond> merge(List<List<LoadSecond>> loops) {
        int length = loops.stream().mapToInt(List::size).min().orElse(0);
        List<LoadSecond> merged = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            int open = 0;
            long reads = 0;
            long bytes = 0;
            double lag = 0;
            double cpu = 0;
            for (List<LoadSecond> loop : loops) {
                LoadSecond second = loop.get(i);
                open += second.open();
                reads += second.reads();
                bytes += second.bytes();
                lag = Math.max(lag, second.maxLagMillis());
                cpu += second.cpuMillis();
            }
            merged.add(new LoadSecond(loops.get(0).get(i).second(), open, reads, bytes, lag, Math.round(cpu * 100) / 100.0));
        }
        return merged;
    }

    /** The most the loop ran behind over the whole run, in milliseconds. */
    double maxLagMillis() {
        return millis(maxLag);
    }

    /** Seconds in which the loop ran more than {@code millis} behind. */
    int secondsLaggingOver(double millis) {
        return (int) seconds.stream().filter(second -> second.maxLagMillis() > millis).count();
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
