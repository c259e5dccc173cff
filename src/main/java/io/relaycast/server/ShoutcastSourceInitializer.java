package io.relaycast.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.relaycast.source.ShoutcastLogin;

/**
 * The SHOUTcast v1 source port: no HTTP, just the login (within the header timeout) and then audio for the SHOUTcast
 * mount; behind a trusted TCP proxy, a PROXY protocol header first names the encoder. Title updates from these sources
 * arrive as {@code /admin.cgi} on the HTTP ports.
 */
final class ShoutcastSourceInitializer extends ChannelInitializer<Channel> {

    static final String LOGIN = "shoutcastLogin";

    private final ServerContext context;
    private final String mount;
    private final ChannelGroup channels;
    private final InputEndHandler inputEndHandler = new InputEndHandler();
    private final ExceptionHandler exceptionHandler = new ExceptionHandler();

    ShoutcastSourceInitializer(ServerContext context, String mount, ChannelGroup channels) {
        this.context = context;
        this.mount = mount;
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (!context.gate().admit(channel, context, channels, false, true)) {
            return;
        }
        if (context.proxies().trusts(channel.remoteAddress())) {
            // HAProxy in front of every port: its PROXY protocol header names the encoder behind it.
            channel.pipeline().addLast(PipelineNames.PROXY_SNIFFER, new ProxyProtocolSniffer(context, true));
        }
        channel.pipeline()
                .addLast(PipelineNames.HEADER_TIMEOUT, new HeaderTimeoutHandler(context.config().headerTimeout(),
                        context.requests(), context.gate(), context.proxies()))
                .addLast(LOGIN, new ShoutcastLogin(context, mount))
                .addLast(PipelineNames.INPUT_END, inputEndHandler)
                .addLast(PipelineNames.EXCEPTIONS, exceptionHandler);
    }
}
