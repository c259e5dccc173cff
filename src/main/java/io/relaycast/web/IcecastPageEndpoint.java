package io.relaycast.web;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Json;
import io.relaycast.http.RequestHost;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.server.HttpEndpoint;
import io.relaycast.server.OffLoopEndpoint;
import io.relaycast.server.RequestStats;
import io.relaycast.status.StatusJson;
import io.relaycast.status.StatusReport;
import java.util.Set;

/**
 * Icecast's HTML pages at Icecast's paths: {@code /status.xsl} (with Icecast's {@code ?mount=}) and
 * {@code /server_version.xsl}, for the scripts and dashboards that read them; hidden mounts left out, as on every
 * public status. Icecast's admin HTML pages ({@code /admin/stats.xsl} and the others) are relaycast's admin page
 * instead: the pages that show something send a browser there, the ones that act say which command does it.
 */
public final class IcecastPageEndpoint implements OffLoopEndpoint {

    static final String STATUS = "/status.xsl";
    static final String SERVER_VERSION = "/server_version.xsl";
    private static final String ADMIN_PREFIX = "/admin/";
    private static final String SUFFIX = ".xsl";
    /** Icecast's admin pages that only show something; the others (killclient.xsl, moveclients.xsl, ...) may act. */
    private static final Set<String> ADMIN_VIEWS = Set.of("stats", "listmounts", "listclients");

    private final StatusReport report;
    private final RequestStats requests;
    private final IcecastPages pages = new IcecastPages(new StatusJson(Json.mapper()));

    public IcecastPageEndpoint(StatusReport report, RequestStats requests) {
        this.report = report;
        this.requests = requests;
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return HttpEndpoint.reads(method) && (path.equals(STATUS) || path.equals(SERVER_VERSION) || adminPage(path) != null);
    }

    /** The status page lists every mount, which takes time with many; the other answers are short. */
    @Override
    public boolean answersOffLoop(HttpRequest request, RequestPath path) {
        return path.path().equals(STATUS);
    }

    @Override
    public FullHttpResponse answer(Channel channel, HttpRequest request, RequestPath path) {
        String admin = adminPage(path.path());
        if (admin != null) {
            return adminAnswer(admin);
        }
        RequestHost host = RequestHost.of(request, channel);
        String page = path.path().equals(STATUS)
                ? pages.status(report.server(host, StatusReport.Audience.PUBLIC).only(path.param("mount")))
                : pages.serverVersion(report.identity(host));
        return Responses.full(HttpResponseStatus.OK, page, "text/html; charset=utf-8");
    }

    private FullHttpResponse adminAnswer(String command) {
        if (ADMIN_VIEWS.contains(command)) {
            FullHttpResponse redirect = Responses.text(HttpResponseStatus.SEE_OTHER,
                    "relaycast's admin page is " + ADMIN_PREFIX + "; Icecast's XML is at " + ADMIN_PREFIX + command);
            redirect.headers().set(HttpHeaderNames.LOCATION, ADMIN_PREFIX);
            return redirect;
        }
        requests.rejected(HttpResponseStatus.NOT_FOUND.code());
        return Responses.text(HttpResponseStatus.NOT_FOUND, "relaycast has no Icecast HTML admin pages: use the admin page "
                + ADMIN_PREFIX + " or the command " + ADMIN_PREFIX + command + ", which answers in XML");
    }

    /** The command of an Icecast admin HTML page ({@code /admin/stats.xsl}: {@code stats}), or null. */
    private static String adminPage(String path) {
        if (!path.startsWith(ADMIN_PREFIX) || !path.endsWith(SUFFIX)) {
            return null;
        }
        String command = path.substring(ADMIN_PREFIX.length(), path.length() - SUFFIX.length());
        return command.matches("[a-z0-9]{1,32}") ? command : null;
    }
}
