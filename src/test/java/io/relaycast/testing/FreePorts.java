package io.relaycast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
        return !listeningSockets(port).isEmpty();
    }

    /**
     * Whether {@code process} itself listens on 127.0.0.1:{@code port}: not another program that took the port first
     * (nginx keeps trying to bind for a while before it gives up).
     */
    public static boolean listeningBy(int port, Process process) {
        Set<String> sockets = listeningSockets(port);
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.anyMatch(fd -> sockets.contains(linkTarget(fd)));
        } catch (IOException | UncheckedIOException exited) {
            return false;
        }
    }

    /**
     * The {@code socket:[inode]} names of the sockets listening on 127.0.0.1:{@code port}: IPv4 ones, and the IPv6 ones
     * bound to its mapped address, as a JVM's are.
     */
    private static Set<String> listeningSockets(int port) {
        Set<String> local = Set.of("0100007F:%04X".formatted(port), "0000000000000000FFFF00000100007F:%04X".formatted(port));
        try (Stream<String> lines = Stream.concat(Files.readAllLines(Path.of("/proc/net/tcp")).stream(),
                Files.readAllLines(Path.of("/proc/net/tcp6")).stream())) {
            return lines.map(line -> line.trim().split("\\s+"))
                    .filter(fields -> local.contains(fields[1]) && fields[3].equals(TCP_LISTEN))
                    .map(fields -> "socket:[" + fields[9] + "]").collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String linkTarget(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException closed) {
            return "";
        }
    }
}
