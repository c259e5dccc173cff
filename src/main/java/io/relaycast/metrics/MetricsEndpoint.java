package io.relaycast.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.server.HttpEndpoint;
import io.relaycast.server.OffLoopEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: the registry in Prometheus text format, or OpenMetrics when the scraper asks for it. Open like
 * Prometheus endpoints usually are: it shows counts per mount, no addresses or credentials.
 */
public final class MetricsEndpoint implements OffLoopEndpoint {

    public static final String PATH = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return HttpEndpoint.reads(method) && path.equals(PATH);
    }

    /** The scrape; on the main port it runs off the event loops (tens of milliseconds that audio would wait for). */
    @Override
    public FullHttpResponse answer(Channel channel, HttpRequest request, RequestPath path) throws IOException {
        String contentType = contentType(request.headers().get(HttpHeaderNames.ACCEPT));
        ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
        registry.scrape(body, contentType);
        return Responses.full(HttpResponseStatus.OK, Unpooled.wrappedBuffer(body.toByteArray()), contentType);
    }

    static String contentType(String accept) {
        if (accept != null && accept.contains("application/openmetrics-text")) {
            return OPEN_METRICS;
        }
        return PROMETHEUS_TEXT;
    }
}
