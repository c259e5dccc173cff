package io.relaycast.loadtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * One connection opened and closed before the run: a host that does not resolve or a port that refuses would otherwise
 * fail every listener the same way for the whole duration, and the run would end with nothing to measure. This says so
 * at once, with the reason.
 */
final class FirstConnect {

    private FirstConnect() {
    }

    /** Why the run's server cannot be connected to, or empty when it can. */
    static Optional<String> problem(LoadTestSettings settings) {
        String where = settings.url().getHost() + ":" + settings.port();
        InetSocketAddress remote = new InetSocketAddress(settings.url().getHost(), settings.port());
        if (remote.isUnresolved()) {
            return Optional.of("cannot connect to " + where + ": unknown host");
        }
        try (Socket socket = new Socket()) {
            socket.connect(remote, (int) settings.connectTimeout().toMillis());
            return Optional.empty();
        } catch (IOException failed) {
            return Optional.of("cannot connect to " + where + ": " + ListenerProbe.reason(failed));
        }
    }
}
