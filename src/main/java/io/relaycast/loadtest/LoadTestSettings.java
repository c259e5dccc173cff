package io.relaycast.loadtest;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one load test run does.
 *
 * @param url            the stream to listen to, {@code http://host:port/mount}
 * @param listeners      connections to open
 * @param duration       length of the run, from the first connection; every listener is closed at its end. It must
 *                       give the last listener opened two whole windows: its first is exempt and a window is judged
 *                       only once the next has begun, so a shorter run judges nothing and "no underrun" would mean nothing
 * @param rampPerSecond  connections opened per second
 * @param bitrateKbps    nominal bitrate of the stream, which the underrun rule measures against
 * @param localAddresses local addresses to spread connections over (empty: the kernel picks), when one address runs out
 *                       of ephemeral ports
 * @param connectTimeout a connection not established within this time fails
 * @param windowSeconds  length of an underrun window
 * @param busyPoll       poll the sockets without ever sleeping: on loopback a sleeping reader must be woken by the
 *                       kernel inside the server's send call (an inter-processor interrupt, costly on a VM), which
 *                       charges the reader's wake-ups to the server; listeners on other machines cost the server none
 * @param hold           after the run is measured, keep every connection open this much longer before closing them
 *                       (zero: close at once), so that a probe of the server with all listeners on (its heap, say) is in
 *                       none of the figures
 * @param warmUpConnections listener connections the load generator first plays against a stream server of its own, to
 *                       warm up its own code before the measured run (zero: none); see {@link WarmUp}
 * @param loops          event loops (threads, each with its own epoll instance) that share the listeners: real players
 *                       do not share one, and on loopback the wake-ups of one loop holding every socket are charged to
 *                       the server's sends (see docs/benchmark.md)
 */
public record LoadTestSettings(URI url, int listeners, Duration duration, int rampPerSecond, int bitrateKbps,
                               List<InetAddress> localAddresses, Duration connectTimeout, int windowSeconds,
                               boolean busyPoll, Duration hold, int warmUpConnections, int loops,
                               int icySharePercent) {

    /** The warm-up connections unless told otherwise: enough to load and compile the connect and read paths. */
    public static final int WARM_UP_CONNECTIONS = 1000;
    /** More loops than this would be threads fighting over the cores, not independent players. */
    public static final int MAX_LOOPS = 64;
    /** The shortest connect timeout taken: shorter ones are typing slips (0 would mean none at all to Netty). */
    public static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** With no listener asking for ICY metadata. */
    public LoadTestSettings(URI url, int listeners, Duration duration, int rampPerSecond, int bitrateKbps,
                            List<InetAddress> localAddresses, Duration connectTimeout, int windowSeconds, boolean busyPoll,
                            Duration hold, int warmUpConnections, int loops) {
        this(url, listeners, duration, rampPerSecond, bitrateKbps, localAddresses, connectTimeout, windowSeconds, busyPoll,
                hold, warmUpConnections, loops, 0);
    }

    public LoadTestSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(duration, "duration");
        hold = hold == null ? Duration.ZERO : hold;
        if (hold.isNegative()) {
            throw new IllegalArgumentException("the hold must not be negative: " + hold);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.toMillis() < MIN_CONNECT_TIMEOUT.toMillis()) {
            // Netty takes 0 for no timeout at all, and warns about a negative one on every connection.
            throw new IllegalArgumentException("the connect timeout must be at least 1 s: " + connectTimeout.toSeconds() + " s");
        }
        localAddresses = List.copyOf(localAddresses);
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("the URL must be http://host[:port]/mount, was " + url);
        }
        if (listeners < 1 || rampPerSecond < 1 || bitrateKbps < 1 || windowSeconds < 1) {
            throw new IllegalArgumentException("listeners, ramp, bitrate and window must be positive");
        }
        if (loops < 1 || loops > MAX_LOOPS) {
            throw new IllegalArgumentException("the event loops must be 1 to " + MAX_LOOPS + ": " + loops);
        }
        if (icySharePercent < 0 || icySharePercent > 100) {
            throw new IllegalArgumentException("the ICY share must be 0 to 100 (%): " + icySharePercent);
        }
        if (warmUpConnections < 0) {
            throw new IllegalArgumentException("the warm-up connections must not be negative: " + warmUpConnections);
        }
        if (duration.toMillis() < 1000L * windowSeconds) {
            throw new IllegalArgumentException("the duration must be at least one window (" + windowSeconds + " s)");
        }
        if (listeners / (double) rampPerSecond >= duration.toSeconds()) {
            throw new IllegalArgumentException("the ramp (" + listeners + " at " + rampPerSecond + "/s) must end before the"
                    + " run does (" + duration.toSeconds() + " s)");
        }
        double judgedFrom = listeners / (double) rampPerSecond + 2.0 * windowSeconds;
        if (duration.toMillis() < judgedFrom * 1000) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a run of %d s is too short to judge an underrun"
                    + " window of the last listener: it needs the ramp (%.1f s) and two %d s windows, %.1f s",
                    duration.toSeconds(), listeners / (double) rampPerSecond, windowSeconds, judgedFrom));
        }
    }

    int port() {
        return url.getPort() < 0 ? 80 : url.getPort();
    }

    /**
     * The path and query a player asks for, as a request line must carry them: letters beyond ASCII (a mount /café)
     * percent-encoded as UTF-8, what is already percent-encoded as it is.
     */
    String target() {
        URI ascii = URI.create(url.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        return ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
    }
}
