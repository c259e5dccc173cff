package io.relaycast.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The lines each log file left out because the disk was behind, tagged {@code log} ({@code access}, {@code error},
 * {@code playlist}): a log analyser's figures are short by that many, and the server log says it once per episode.
 */
public final class LogMetrics implements MeterBinder {

    private final Map<String, LongSupplier> leftOutByLog;
    private final Iterable<Tag> tags;

    /** @param leftOutByLog each log's name and its count of lines left out since the start */
    public LogMetrics(Map<String, LongSupplier> leftOutByLog, Iterable<Tag> tags) {
        this.leftOutByLog = Map.copyOf(leftOutByLog);
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        leftOutByLog.forEach((log, leftOut) ->
                FunctionCounter.builder(RelaycastMeter.LOG_LINES_LEFT_OUT.meterName(), leftOut, LongSupplier::getAsLong)
                        .description(RelaycastMeter.LOG_LINES_LEFT_OUT.description())
                        .tags(tags)
                        .tag(RelaycastMeter.LOG, log)
                        .register(registry));
    }
}
