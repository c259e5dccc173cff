package io.relaycast.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Credentials;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.server.HttpEndpoint;
import io.relaycast.server.ServerContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The web pages, plain files from the jar ({@code web/} on the class path), read once at start: {@code /} is the public
 * status page with a player per mount, {@code /admin/} the admin page behind the admin login, {@code /web/*} their
 * style sheet and scripts. Nothing to build, nothing to install.
 */
public final class WebPageEndpoint implements HttpEndpoint {

    static final String ADMIN_PAGE = "/admin/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            ADMIN_PAGE, "admin.html",
            "/web/relaycast.css", "relaycast.css",
            "/web/dom.js", "dom.js",
            "/web/status.js", "status.js",
            "/web/admin.js", "admin.js");

    private final ServerContext context;
    private final Map<String, byte[]> contents = new HashMap<>();

    public WebPageEndpoint(ServerContext context) {
        this.context = context;
        FILES.forEach((path, file) -> contents.put(path, load(file)));
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return HttpEndpoint.reads(method) && (FILES.containsKey(path) || path.equals("/admin"));
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) {
        if (path.path().equals("/admin")) {
            FullHttpResponse redirect = Responses.text(HttpResponseStatus.MOVED_PERMANENTLY, "See " + ADMIN_PAGE);
            redirect.headers().set(HttpHeaderNames.LOCATION, ADMIN_PAGE);
            Responses.send(ctx, request, redirect);
            return;
        }
        if (path.path().equals(ADMIN_PAGE) && !context.auth().isAdmin(Credentials.of(request))) {
            context.requests().rejected(401);
            Responses.send(ctx, request, Responses.unauthorized("relaycast", "Authentication required"));
            return;
        }
        String file = FILES.get(path.path());
        FullHttpResponse response = Responses.full(HttpResponseStatus.OK, Unpooled.wrappedBuffer(contents.get(path.path())),
                contentType(file));
        HttpHeaders headers = response.headers();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
        headers.set("Referrer-Policy", "same-origin");
        context.requests().fileServed();
        Responses.send(ctx, request, response);
    }

    static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }

    private static byte[] load(String file) {
        try (InputStream in = WebPageEndpoint.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                throw new IllegalStateException("web/" + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read web/" + file, e);
        }
    }
}
