package io.relaycast.mount;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long audio waits inside the relay: per fan-out on an event loop that wrote anything, from the arrival (its first
 * frame's) of the oldest chunk that fan-out wrote to the end of the fan-out. This includes the time spent gathering the
 * chunk (up to the chunk duration), the wait for the listeners' write turns and the fan-out itself. Recorded from any
 * loop; a fixed histogram of 1 ms buckets (up to 2 s, beyond that only the count and the maximum), so recording never
 * allocates.
 */
public final class RelayLatency {

    private static final int BUCKETS = 2000;
    private static final long NANOS_PER_BUCKET = 1_000_000L;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    /** Records one chunk delivery that took {@code nanos} since its first frame arrived. */
    public void record(long nanos) {
        long clamped = Math.max(0, nanos);
        counts.incrementAndGet((int) Math.min(BUCKETS, clamped / NANOS_PER_BUCKET));
        total.incrementAndGet();
        maxNanos.accumulateAndGet(clamped, Math::max);
    }

    public long count() {
        return total.get();
    }

    public long maxNanos() {
        return maxNanos.get();
    }

    /**
     * The upper bound of the 1 ms bucket holding the {@code percent} percentile (nearest rank), in nanoseconds; the
     * maximum when that falls beyond the histogram; 0 without samples.
     */
    public long percentileNanos(double percent) {
        long samples = total.get();
        if (samples == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * samples));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts.get(bucket);
            if (seen >= rank) {
                return Math.min((bucket + 1) * NANOS_PER_BUCKET, maxNanos.get());
            }
        }
        return maxNanos.get();
    }

    /** One line for logs: p50, p99 and max in milliseconds. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "p50 %.0f ms, p99 %.0f ms, max %.1f ms over %d chunk deliveries",
                percentileNanos(50) / 1e6, percentileNanos(99) / 1e6, maxNanos() / 1e6, count());
    }
}
