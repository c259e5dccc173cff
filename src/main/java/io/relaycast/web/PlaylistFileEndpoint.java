package io.relaycast.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.RequestHost;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import io.relaycast.server.HttpEndpoint;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code /live.m3u}, {@code /live.pls}, {@code /live.xspf}: a playlist pointing at the mount, with the host the client
 * asked for, so "open in VLC" works from wherever the page was loaded. Answers only for existing mounts, and never
 * shadows a mount whose own name ends in such a suffix, nor a file of that name in the web root: as Icecast's fserve
 * does, a station's hand-made playlist (its public HTTPS address, say) is served as it is.
 */
public final class PlaylistFileEndpoint implements HttpEndpoint {

    private final MountRegistry mounts;
    private final Supplier<Path> webRoot;

    /** {@code webRoot} is read per request, so a config reload that changes it applies at once; null for none. */
    public PlaylistFileEndpoint(MountRegistry mounts, Supplier<Path> webRoot) {
        this.mounts = mounts;
        this.webRoot = webRoot;
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return HttpEndpoint.reads(method) && target(path) != null;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) {
        Mount mount = target(path.path());
        if (mount == null) {
            // the mount went away between routing and now
            Responses.send(ctx, request, Responses.text(HttpResponseStatus.NOT_FOUND, "Mount not found"));
            return;
        }
        PlaylistFormat format = PlaylistFormat.forPath(path.path());
        String url = RequestHost.of(request, ctx.channel()).url(mount.path());
        String title = mount.info().name().isBlank() ? mount.path() : mount.info().name();
        FullHttpResponse response = Responses.full(HttpResponseStatus.OK, format.render(url, title), format.contentType());
        String file = mount.path().substring(mount.path().lastIndexOf('/') + 1) + format.suffix();
        response.headers().set(HttpHeaderNames.CONTENT_DISPOSITION,
                "inline; filename=\"" + file.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        Responses.send(ctx, request, response);
    }

    private Mount target(String path) {
        PlaylistFormat format = PlaylistFormat.forPath(path);
        if (format == null || mounts.find(path) != null || WebRootFiles.holds(webRoot.get(), path)) {
            return null;
        }
        Mount mount = mounts.find(format.mountOf(path));
        return mount == null || mount.isClosed() ? null : mount;
    }
}
