package io.relaycast.relay;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Credentials;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.mount.Mount;
import io.relaycast.server.HttpEndpoint;
import io.relaycast.server.ServerContext;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code /admin/streamlist.txt}, what Icecast relays ("slaves") read from their master to know which mounts to pull:
 * one mount path per line. Answered in the request's HTTP version, as Icecast's own slaves check for
 * {@code HTTP/1.0 200}. Lists the mounts that play something of their own (a live source, a relay, or a configured
 * mount with its fallback) and are not hidden; a mount that only plays silence to the listeners its source left
 * behind is not, so relays let it go. The admin or the relay user may read it.
 */
public final class StreamListEndpoint implements HttpEndpoint {

    public static final String PATH = "/admin/streamlist.txt";

    private final ServerContext context;

    public StreamListEndpoint(ServerContext context) {
        this.context = context;
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return method.equals(HttpMethod.GET) && path.equals(PATH);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) {
        if (!context.auth().mayListStreams(Credentials.of(request))) {
            context.requests().rejected(401);
            Responses.send(ctx, request, Responses.unauthorized("relaycast", "Authentication required"));
            return;
        }
        StringBuilder list = new StringBuilder();
        for (Mount mount : context.mounts().all()) {
            if (mount.isListed()) {
                list.append(mount.path()).append("\r\n");
            }
        }
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                ByteBufUtil.encodeString(ctx.alloc(), CharBuffer.wrap(list), StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.SERVER, Responses.SERVER)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        Responses.send(ctx, request, response);
    }
}
