package io.relaycast.mount;

import java.util.PriorityQueue;
import java.util.Random;

/**
 * A {@link PacingClock} whose time only moves when the test runs it: timers fire in order, each late by a random
 * amount up to {@code maxLatenessNanos} (as real timers are), so hours of pacing run in seconds.
 */
final class VirtualClock implements PacingClock {

    private record Timer(long at, long order, Runnable task) {
    }

    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private final Random random;
    private final long maxLatenessNanos;
    private long now = 1_000_000_000L;
    private long order;
    private long extraDelayOnce;

    VirtualClock(Random random, long maxLatenessNanos) {
        this.random = random;
        this.maxLatenessNanos = maxLatenessNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        long lateness = maxLatenessNanos == 0 ? 0 : (long) (random.nextDouble() * maxLatenessNanos);
        timers.add(new Timer(now + delayNanos + lateness + extraDelayOnce, order++, task));
        extraDelayOnce = 0;
    }

    /** The next timer scheduled fires this much later still: a stalled event loop. */
    void stallNextTimer(long nanos) {
        extraDelayOnce = nanos;
    }

    /** Runs timers until virtual time reaches {@code end}. */
    void runUntil(long end) {
        while (!timers.isEmpty() && timers.peek().at <= end) {
            Timer timer = timers.poll();
            now = Math.max(now, timer.at);
            timer.task.run();
        }
        now = Math.max(now, end);
    }
}
