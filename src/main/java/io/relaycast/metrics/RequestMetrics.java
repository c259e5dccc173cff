package io.relaycast.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.relaycast.server.RequestStats;
import java.util.List;

/**
 * Refused requests by HTTP status, tagged {@code status}. The statuses relaycast answers with are bound up front so
 * that rates exist (at zero) before the first refusal; any other status is bound the first time it happens.
 */
public final class RequestMetrics implements MeterBinder {

    /** Bad request, unauthorized, busy or forbidden, not found, bad method, timeouts, too large, unsupported, full. */
    static final List<Integer> KNOWN_STATUSES = List.of(0, 400, 401, 403, 404, 405, 408, 413, 414, 415, 431, 503);

    private final RequestStats stats;
    private final Iterable<Tag> tags;

    public RequestMetrics(RequestStats stats, Iterable<Tag> tags) {
        this.stats = stats;
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        KNOWN_STATUSES.forEach(status -> bind(registry, status));
        stats.statuses().forEach(status -> bind(registry, status));
        stats.onNewStatus(status -> bind(registry, status));
    }

    private void bind(MeterRegistry registry, int status) {
        FunctionCounter.builder(RelaycastMeter.REJECTED.meterName(), stats, s -> s.rejectedCount(status))
                .description(RelaycastMeter.REJECTED.description())
                .tags(tags)
                .tag(RelaycastMeter.STATUS, status == 0 ? "none" : Integer.toString(status))
                .register(registry);
    }
}
