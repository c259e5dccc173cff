package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relaycast.logs.LinesLeftOut;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void leftOutLinesAreStillCountedAfterAGarbageCollection() {
        // Held here as the server holds its logs, and nothing else: no supplier made for the call.
        CountingLog accessLog = new CountingLog();
        new LogMetrics(Map.of("access", accessLog), Tags.empty()).bindTo(registry);
        accessLog.leftOut.set(3);
        assertThat(leftOut("access")).isEqualTo(3);

        collectGarbage();
        accessLog.leftOut.set(7);

        assertThat(leftOut("access")).isEqualTo(7);
    }

    private double leftOut(String log) {
        return registry.get("relaycast.log.lines.left.out").tag("log", log).functionCounter().count();
    }

    /** Until weakly held objects are gone: one that nothing else holds is cleared by then. */
    private static void collectGarbage() {
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        await("a garbage collection").atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return sentinel.get() == null;
        });
    }

    private static final class CountingLog implements LinesLeftOut {

        final AtomicLong leftOut = new AtomicLong();

        @Override
        public long leftOutLines() {
            return leftOut.get();
        }
    }
}
