package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayLatencyTest {

    private static final long MS = 1_000_000L;

    @Test
    void percentilesAreTheUpperBoundOfTheMillisecondBucketByNearestRank() {
        RelayLatency latency = new RelayLatency();
        for (int i = 1; i <= 100; i++) {
            latency.record(i * MS - MS / 2);
        }

        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.percentileNanos(50)).isEqualTo(50 * MS);
        assertThat(latency.percentileNanos(99)).isEqualTo(99 * MS);
        assertThat(latency.maxNanos()).isEqualTo(100 * MS - MS / 2);
        assertThat(latency.summary()).isEqualTo("p50 50 ms, p99 99 ms, max 99.5 ms over 100 chunk deliveries");
    }

    @Test
    void valuesBeyondTheHistogramReportTheMaximumAndNothingRecordedReportsZero() {
        RelayLatency latency = new RelayLatency();
        assertThat(latency.percentileNanos(99)).isZero();

        latency.record(5 * MS);
        latency.record(7_000 * MS);

        assertThat(latency.percentileNanos(50)).as("upper bound of the 5..6 ms bucket").isEqualTo(6 * MS);
        assertThat(latency.percentileNanos(99)).isEqualTo(7_000 * MS);
    }
}
