package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoadShardTest {

    @Test
    void theLoopsShareTheListenersRoundRobinAndTogetherOpenExactlyTheDueOnes() {
        for (int shards = 1; shards <= 5; shards++) {
            for (int due = 0; due <= 23; due++) {
                int loops = shards;
                int d = due;
                int sum = IntStream.range(0, loops).map(k -> LoadShard.share(d, k, loops)).sum();
                assertThat(sum).as("%d due over %d loops", due, loops).isEqualTo(due);
                for (int k = 0; k < loops; k++) {
                    int kk = k;
                    long owned = IntStream.range(0, d).filter(i -> i % loops == kk).count();
                    assertThat(LoadShard.share(d, k, loops)).as("loop %d of %d, %d due", k, loops, due).isEqualTo(owned);
                }
            }
        }
    }
}
