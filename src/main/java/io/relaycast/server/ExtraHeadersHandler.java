package io.relaycast.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.relaycast.config.ResponseHeaders;

/**
 * Adds the station's {@code http-headers} to every HTTP answer on its way out (those limited to a status code only to
 * answers of that status), replacing a header of the same name. In every connection's pipeline, reading the headers
 * in force at each answer, so that a reload reaches connections kept alive from before it; a listener's stream head,
 * written as bytes, gets them from its admission instead.
 */
@ChannelHandler.Sharable
final class ExtraHeadersHandler extends ChannelOutboundHandlerAdapter {

    private final ServerContext context;

    ExtraHeadersHandler(ServerContext context) {
        this.context = context;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            ResponseHeaders extra = context.config().httpHeaders().forStatus(response.status().code());
            extra.headers().forEach(header -> response.headers().set(header.name(), header.value()));
        }
        ctx.write(msg, promise);
    }
}
