package io.relaycast.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * A port the server cannot listen on: taken by another program (an Icecast still running), below 1024 without the
 * right to it, or on an address this host does not have. It is the operator's to fix, so it is said in one line that
 * names the address, the port and what it was for, with the system's reason, and no stack trace.
 */
public final class PortUnavailableException extends RuntimeException {

    private static final String NATIVE_PREFIX = "bind(..) failed: ";

    private PortUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Binds {@code bootstrap} to {@code address:port} (0 for a free port), or says why it cannot. */
    public static Channel bind(ServerBootstrap bootstrap, String address, int port, String purpose)
            throws InterruptedException {
        ChannelFuture bound = bootstrap.bind(address, port).await();
        if (bound.isSuccess()) {
            return bound.channel();
        }
        Throwable cause = bound.cause();
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (reason.startsWith(NATIVE_PREFIX)) {
            reason = reason.substring(NATIVE_PREFIX.length());
        }
        throw new PortUnavailableException("cannot listen on " + address + ":" + port + " (" + purpose + "): " + reason,
                cause);
    }
}
