package io.relaycast.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.server.HttpEndpoint;
import java.io.IOException;

/**
 * {@code GET /metrics}: the registry in Prometheus text format, or OpenMetrics when the scraper asks for it. Open like
 * Prometheus endpoints usually are: it shows counts per mount, no addresses or credentials.
 */
public final class MetricsEndpoint implements HttpEndpoint {

    public static final String PATH = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return method.equals(HttpMethod.GET) && path.equals(PATH);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) throws IOException {
        String contentType = contentType(request.headers().get(HttpHeaderNames.ACCEPT));
        ByteBuf body = ctx.alloc().buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            registry.scrape(out, contentType);
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e;
        }
        Responses.send(ctx, request, Responses.full(HttpResponseStatus.OK, body, contentType));
    }

    static String contentType(String accept) {
        if (accept != null && accept.contains("application/openmetrics-text")) {
            return OPEN_METRICS;
        }
        return PROMETHEUS_TEXT;
    }
}
