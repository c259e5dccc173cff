package io.relaycast.status;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Json;
import io.relaycast.http.RequestHost;
import io.relaycast.http.RequestPath;
import io.relaycast.server.HttpEndpoint;
import io.relaycast.server.OffLoopEndpoint;

/**
 * Public status for players and dashboards: {@code /status-json.xsl} exactly as Icecast shapes it (object-or-array
 * {@code source}), and {@code /status.json} with {@code source} always an array; {@code ?mount=/live} narrows either to
 * that mount, as in Icecast. No credentials; CORS open, so web players on other sites can show what is playing.
 */
public final class StatusJsonEndpoint implements OffLoopEndpoint {

    public static final String ICECAST_PATH = "/status-json.xsl";
    public static final String PATH = "/status.json";

    private final StatusReport report;
    private final StatusJson json = new StatusJson(Json.mapper());

    public StatusJsonEndpoint(StatusReport report) {
        this.report = report;
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return HttpEndpoint.reads(method) && (path.equals(ICECAST_PATH) || path.equals(PATH));
    }

    @Override
    public FullHttpResponse answer(Channel channel, HttpRequest request, RequestPath path) {
        ServerStatus status = report.server(RequestHost.of(request, channel), StatusReport.Audience.PUBLIC)
                .only(path.param("mount"));
        boolean icecastQuirk = path.path().equals(ICECAST_PATH);
        return Json.response(HttpResponseStatus.OK, json.icestats(status, icecastQuirk));
    }
}
