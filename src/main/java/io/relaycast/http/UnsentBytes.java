package io.relaycast.http;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;

/**
 * Keeps what the kernel holds unsent of a connection's output small ({@code TCP_NOTSENT_LOWAT}, on Linux): the server
 * then hears of a slow reader's progress as it reads, not once a send buffer of megabytes has drained, and a connection
 * closed once its output is handed over leaves little behind in the kernel.
 */
public final class UnsentBytes {

    /** Unsent bytes the kernel holds before it stops taking more. */
    public static final long LIMIT = 16 * 1024;

    private UnsentBytes() {
    }

    /** Lets the kernel hold no more than {@link #LIMIT} of {@code channel}'s output unsent, where it can. */
    public static void keepLittle(Channel channel) {
        if (channel instanceof EpollSocketChannel) {
            channel.config().setOption(EpollChannelOption.TCP_NOTSENT_LOWAT, LIMIT);
        }
    }
}
