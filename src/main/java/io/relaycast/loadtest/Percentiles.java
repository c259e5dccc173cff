package io.relaycast.loadtest;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of samples: the smallest sample such that at least p% of all samples are less than
 * or equal to it. Exact and unsurprising for the few thousand values a run collects, unlike interpolation.
 */
final class Percentiles {

    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** Sorts a copy of {@code samples}. */
    static Percentiles of(long[] samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    int count() {
        return sorted.length;
    }

    /** The {@code percent} percentile (0 < percent <= 100), or -1 when there are no samples. */
    long percentile(double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percent);
        }
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    long max() {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }
}
