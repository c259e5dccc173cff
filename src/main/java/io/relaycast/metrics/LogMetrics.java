package io.relaycast.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.relaycast.logs.LinesLeftOut;
import java.util.Map;

/**
 * The lines each log file left out because the disk was behind, tagged {@code log} ({@code access}, {@code error},
 * {@code playlist}): a log analyser's figures are short by that many, and the server log says it once per episode.
 */
public final class LogMetrics implements MeterBinder {

    private final Map<String, LinesLeftOut> leftOutByLog;
    private final Iterable<Tag> tags;

    /**
     * @param leftOutByLog each log's name and the log itself, read at each scrape: the registry holds it weakly, so it
     *                     must be an object the server holds (a method reference made for the call would be collected at
     *                     the first garbage collection, and the counter would stay at its last value ever after)
     */
    public LogMetrics(Map<String, LinesLeftOut> leftOutByLog, Iterable<Tag> tags) {
        this.leftOutByLog = Map.copyOf(leftOutByLog);
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        leftOutByLog.forEach((log, leftOut) ->
                FunctionCounter.builder(RelaycastMeter.LOG_LINES_LEFT_OUT.meterName(), leftOut, LinesLeftOut::leftOutLines)
                        .description(RelaycastMeter.LOG_LINES_LEFT_OUT.description())
                        .tags(tags)
                        .tag(RelaycastMeter.LOG, log)
                        .register(registry));
    }
}
