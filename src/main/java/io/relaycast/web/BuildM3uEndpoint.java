package io.relaycast.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.PercentEncoding;
import io.relaycast.http.RequestHost;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.server.HttpEndpoint;
import io.relaycast.server.RequestStats;

/**
 * Icecast's {@code /admin/buildm3u?mount=/members&username=alice&password=secret}: a one-line M3U whose URL carries the
 * login, {@code http://alice:secret@host:port/members}, for a station to hand its members a playlist that opens a
 * password-protected mount in any player. As in Icecast it needs no admin login (it only echoes what it is given); the
 * user name and password are percent-encoded into the URL, and the host is the one the client used.
 */
public final class BuildM3uEndpoint implements HttpEndpoint {

    static final String PATH = "/admin/buildm3u";

    private final RequestStats requests;

    public BuildM3uEndpoint(RequestStats requests) {
        this.requests = requests;
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return HttpEndpoint.reads(method) && PATH.equals(path);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) {
        String mount = path.param("mount");
        String username = path.param("username");
        String password = path.param("password");
        String problem = problem(mount, username, password);
        if (problem != null) {
            requests.rejected(400);
            Responses.send(ctx, request, Responses.text(HttpResponseStatus.BAD_REQUEST, problem));
            return;
        }
        RequestHost host = RequestHost.of(request, ctx.channel());
        String login = PercentEncoding.encode(username, "") + ":" + PercentEncoding.encode(password, ":");
        String url = host.url(mount);
        int schemeEnd = url.indexOf("://") + 3;
        String playlist = url.substring(0, schemeEnd) + login + "@" + url.substring(schemeEnd) + "\r\n";
        FullHttpResponse response = Responses.full(HttpResponseStatus.OK, playlist, PlaylistFormat.M3U.contentType());
        response.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"listen.m3u\"");
        Responses.send(ctx, request, response);
    }

    /** What is wrong with the parameters, or null. */
    private static String problem(String mount, String username, String password) {
        if (mount == null || username == null || password == null) {
            return "buildm3u needs the parameters mount, username and password";
        }
        if (!mount.startsWith("/")) {
            return "a mount starts with '/'";
        }
        if (username.isEmpty() || username.indexOf(':') >= 0) {
            return "a user name is not empty and holds no ':'";
        }
        return null;
    }
}
