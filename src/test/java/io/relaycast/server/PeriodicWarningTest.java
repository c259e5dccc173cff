package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeriodicWarningTest {

    @Test
    void theFirstOccurrenceIsWarnedOfAndTheNextWarningCountsAllSince() {
        PeriodicWarning warning = new PeriodicWarning(Duration.ofMillis(200));
        assertThat(warning.occurred()).as("the first is due at once").isEqualTo(1);
        assertThat(warning.occurred()).isZero();
        assertThat(warning.occurred()).isZero();
        AtomicLong warned = new AtomicLong();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> warned.addAndGet(warning.occurred()) > 0);
        assertThat(warned.get()).as("the two held back, and those of the wait").isGreaterThanOrEqualTo(3);
        assertThat(new PeriodicWarning(Duration.ofSeconds(10)).periodSeconds()).isEqualTo(10);
    }
}
