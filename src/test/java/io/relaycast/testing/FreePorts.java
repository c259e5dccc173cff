package io.relaycast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks a TCP port that is free now, for servers that cannot be told to bind port 0: a container on the host
 * network, or an external program given a fixed URL. Another process may still take it before use.
 */
public final class FreePorts {

    /** The state of a listening socket in {@code /proc/net/tcp}. */
    private static final String TCP_LISTEN = "0A";

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

    /**
     * Whether a socket listens on 127.0.0.1:{@code port}, from the kernel's table: no connection the program listening
     * would see (Icecast may crash on its first one while it starts; a proxy would forward it).
     */
    public static boolean listening(int port) {
        String local = "0100007F:%04X".formatted(port);
        try {
            return Files.readAllLines(Path.of("/proc/net/tcp")).stream().map(line -> line.trim().split("\\s+"))
                    .anyMatch(fields -> fields[1].equals(local) && fields[3].equals(TCP_LISTEN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
