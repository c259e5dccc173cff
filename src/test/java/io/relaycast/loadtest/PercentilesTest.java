package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundred() {
        Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());

        assertThat(p.percentile(50)).isEqualTo(50);
        assertThat(p.percentile(99)).isEqualTo(99);
        assertThat(p.percentile(100)).isEqualTo(100);
        assertThat(p.percentile(0.5)).isEqualTo(1);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void oneSlowOutlierInAHundredDoesNotMoveP99ButTwoDo() {
        long[] samples = LongStream.generate(() -> 10).limit(100).toArray();
        samples[7] = 28_000;
        assertThat(Percentiles.of(samples).percentile(99)).isEqualTo(10);
        samples[8] = 28_000;
        assertThat(Percentiles.of(samples).percentile(99)).isEqualTo(28_000);
    }

    @Test
    void emptyHasNoPercentilesAndTheInputIsNotSorted() {
        assertThat(Percentiles.of(new long[0]).percentile(50)).isEqualTo(-1);
        long[] input = {3, 1, 2};
        assertThat(Percentiles.of(input).percentile(50)).isEqualTo(2);
        assertThat(input).containsExactly(3, 1, 2);
        assertThatThrownBy(() -> Percentiles.of(input).percentile(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
