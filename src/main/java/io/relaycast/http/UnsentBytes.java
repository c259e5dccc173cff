package io.relaycast.http;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.AttributeKey;

/**
 * Keeps what the kernel holds unsent of a connection's output small ({@code TCP_NOTSENT_LOWAT}, on Linux): the server
 * then hears of a slow reader's progress as it reads, not once a send buffer of megabytes has drained, and a connection
 * closed once its output is handed over leaves little behind in the kernel.
 */
public final class UnsentBytes {

    /** Unsent bytes the kernel holds before it stops taking more. */
    public static final long LIMIT = 16 * 1024;
    private static final AttributeKey<Boolean> KEPT_LITTLE = AttributeKey.valueOf(UnsentBytes.class, "keptLittle");

    private UnsentBytes() {
    }

    /**
     * Lets the kernel hold no more than {@link #LIMIT} of {@code channel}'s output unsent, where it can. On the channel's
     * event loop: a closed channel is then left alone, as its socket's number may be a new connection's already.
     */
    public static void keepLittle(Channel channel) {
        if (channel instanceof EpollSocketChannel && channel.isOpen()) {
            channel.config().setOption(EpollChannelOption.TCP_NOTSENT_LOWAT, LIMIT);
            channel.attr(KEPT_LITTLE).set(Boolean.TRUE);
        }
    }

    /**
     * Gives {@code channel} the system's limit back if {@link #keepLittle} lowered it (a kept-alive connection that got a
     * big answer and then asks for a stream): a listener's burst goes to the kernel in one send, as for any listener. On
     * the channel's event loop, as {@link #keepLittle}.
     */
    public static void restore(Channel channel) {
        if (channel.attr(KEPT_LITTLE).getAndSet(null) != null && channel.isOpen()) {
            // 0: the system's net.ipv4.tcp_notsent_lowat again.
            channel.config().setOption(EpollChannelOption.TCP_NOTSENT_LOWAT, 0L);
        }
    }
}
