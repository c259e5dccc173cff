package io.relaycast.loadtest;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a set of listeners experienced, added up: one per event loop at the end of the run, then merged into the
 * run's. Counts add up; times to first byte are kept as samples, so that percentiles are taken over all listeners.
 */
final class ProbeTally {

    private int opened;
    private int served;
    private int failed;
    private int dropped;
    private int underrunListeners;
    private long underrunWindows;
    private long judgedWindows;
    private int checked;
    private int aligned;
    private long totalBytes;
    private int icyListeners;
    private long[] ttfb = new long[16];
    private int ttfbCount;
    private final Map<String, Integer> failures = new TreeMap<>();

    /** Counts one listener, as it ended the run. */
    void add(ListenerProbe probe) {
        opened++;
        switch (probe.outcome()) {
            case SERVED -> served++;
            case DROPPED -> dropped++;
            default -> {
                failed++;
                failures.merge(probe.failure(), 1, Integer::sum);
            }
        }
        underrunWindows += probe.underrunWindows();
        judgedWindows += probe.judgedWindows();
        underrunListeners += probe.underrunWindows() > 0 ? 1 : 0;
        checked += probe.startChecked() ? 1 : 0;
        aligned += probe.startAligned() ? 1 : 0;
        totalBytes += probe.bodyBytes();
        icyListeners += probe.icyMetadata() ? 1 : 0;
        if (probe.timeToFirstByteNanos() >= 0) {
            addTtfb(probe.timeToFirstByteNanos());
        }
    }

    /** Adds another tally's listeners to this one. */
    void merge(ProbeTally other) {
        opened += other.opened;
        served += other.served;
        failed += other.failed;
        dropped += other.dropped;
        underrunListeners += other.underrunListeners;
        underrunWindows += other.underrunWindows;
        judgedWindows += other.judgedWindows;
        checked += other.checked;
        aligned += other.aligned;
        totalBytes += other.totalBytes;
        icyListeners += other.icyListeners;
        for (int i = 0; i < other.ttfbCount; i++) {
            addTtfb(other.ttfb[i]);
        }
        other.failures.forEach((reason, count) -> failures.merge(reason, count, Integer::sum));
    }

    /** Listeners of the run that were never opened: they count as failed. */
    void notOpened(int count) {
        if (count > 0) {
            failed += count;
            failures.merge("not opened before the end", count, Integer::sum);
        }
    }

    private void addTtfb(long nanos) {
        if (ttfbCount == ttfb.length) {
            ttfb = Arrays.copyOf(ttfb, ttfb.length * 2);
        }
        ttfb[ttfbCount++] = nanos;
    }

    int opened() {
        return opened;
    }

    int served() {
        return served;
    }

    int failed() {
        return failed;
    }

    int dropped() {
        return dropped;
    }

    int underrunListeners() {
        return underrunListeners;
    }

    long underrunWindows() {
        return underrunWindows;
    }

    long judgedWindows() {
        return judgedWindows;
    }

    LoadTestReport.Alignment alignment() {
        return LoadTestReport.Alignment.of(checked, aligned);
    }

    long totalBytes() {
        return totalBytes;
    }

    int icyListeners() {
        return icyListeners;
    }

    Percentiles ttfb() {
        return Percentiles.of(Arrays.copyOf(ttfb, ttfbCount));
    }

    Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }
}
