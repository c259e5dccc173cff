package io.relaycast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks a TCP port that is free now, for servers that cannot be told to bind port 0: a container on the host
 * network, or an external program given a fixed URL. Another process may still take it before use.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port on 127.0.0.1 that no socket is bound to at the time of the call. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
