package io.relaycast.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.relaycast.source.ShoutcastLogin;

/**
 * The SHOUTcast v1 source port: no HTTP, just the login (within the header timeout) and then audio for the SHOUTcast
 * mount. Title updates from these sources arrive as {@code /admin.cgi} on the HTTP ports.
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
        if (!context.gate().admit(channel, context, channels, false, false)) {
            return;
        }
        channel.pipeline()
                .addLast(PipelineNames.HEADER_TIMEOUT, new HeaderTimeoutHandler(context.config().headerTimeout(),
                        context.requests(), context.gate()))
                .addLast(LOGIN, new ShoutcastLogin(context, mount))
                .addLast(PipelineNames.INPUT_END, inputEndHandler)
                .addLast(PipelineNames.EXCEPTIONS, exceptionHandler);
    }
}
