package io.relaycast.server;

import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.group.ChannelGroup;
import io.relaycast.config.ConnectionLimits;
import io.relaycast.config.ResponseHeaders;
import io.relaycast.http.Cors;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a new connection in, or turns it away before a byte of it is read. An address the deny and allow lists refuse
 * is closed without a word (Icecast's {@code deny-ip}). A connection beyond the server's limits is told 503 and
 * closed: beyond the connections open at once, or beyond those one address (for IPv6, one /64: a single host may use
 * any address of its /64) holds that have not yet sent a whole request. Without these limits a flood of idle
 * connections from one machine takes every file the process may open, and then nobody is let in, and playlists, logs
 * and relays cannot open theirs. Listeners and sources that are in do
 * not count against their address, so a whole office behind one address can listen. Behind a trusted proxy the
 * limit is on the client the proxy names in a PROXY protocol header, not on the proxy, which carries everybody's
 * connections; a proxy that names its clients per request (HTTP) has read their request heads before it connects, so
 * its connections are not counted.
 */
public final class ConnectionGate {

    /** Open files the server keeps for itself beyond its connections: playlist files, logs, relays, the JVM's own. */
    static final int FILES_KEPT_FREE = 64;

    /**
     * Connections beyond the limit that may be open at once while they are told 503 (a burst of them is accepted
     * before the first is answered): at most this many, and at most an eighth of what the open-files limit leaves.
     */
    static final int MAX_ANSWER_ROOM = 256;

    private static final Logger log = LoggerFactory.getLogger(ConnectionGate.class);

    private final ConcurrentMap<InetAddress, Integer> pending = new ConcurrentHashMap<>();
    /** The most connections the open-files limit leaves room for, or {@link Integer#MAX_VALUE} if it is not known. */
    private final int fileLimitedConnections;
    private final PeriodicWarning refusals = new PeriodicWarning(Duration.ofSeconds(10));

    /** With room for as many connections as this process's open-files limit leaves now. */
    public ConnectionGate() {
        this(roomLeftByOpenFilesLimit());
    }

    ConnectionGate(int fileLimitedConnections) {
        this.fileLimitedConnections = fileLimitedConnections;
    }

    /**
     * The most connections let in at once under {@code limits}: as configured, or what the open-files limit leaves,
     * less room for the answers to those beyond it.
     */
    public int maxConnections(ConnectionLimits limits) {
        if (limits.maxConnections() > 0) {
            return limits.maxConnections();
        }
        return fileLimitedConnections - Math.min(MAX_ANSWER_ROOM, fileLimitedConnections / 8);
    }

    /**
     * The most connections the open-files limit leaves room for, counting those being refused: beyond it a new one is
     * closed as it is accepted, without an answer ({@link AcceptGuard}).
     */
    public int fileLimitedConnections() {
        return fileLimitedConnections;
    }

    /**
     * Lets {@code channel} in (counted as open, added to {@code channels}, and as waiting for its request until its
     * {@link HeaderTimeoutHandler} says otherwise), or refuses it; false when refused, in which case it is being closed.
     * {@code tls}: the connection speaks TLS, where a plain answer would be garbage, so a refusal is a close.
     * {@code clientsNamedLater}: the address lists are not asked about a trusted proxy here; the clients it names, in a
     * PROXY protocol header or with each request, are asked about instead ({@link ProxyHeaderHandler},
     * {@link RequestRouter}).
     */
    boolean admit(Channel channel, ServerContext context, ChannelGroup channels, boolean tls, boolean clientsNamedLater) {
        boolean checkedLater = clientsNamedLater && context.proxies().trusts(channel.remoteAddress());
        if (!checkedLater && !context.addresses().admits(channel.remoteAddress())) {
            context.requests().rejected(0);
            channel.close();
            return false;
        }
        ConnectionLimits limits = context.config().limits();
        int max = maxConnections(limits);
        // This connection is counted as open since its acceptance.
        if (context.requests().openConnections() > max) {
            refuse(channel, channel, context, tls, "Server full: " + max + " connections open");
            return false;
        }
        InetAddress address = addressOf(channel.remoteAddress());
        if (!checkedLater && address != null && !tryAwaitRequest(address, limits.maxPendingPerAddress())) {
            refuse(channel, channel, context, tls, tooManyWaiting(address));
            return false;
        }
        channels.add(channel);
        context.requests().connectionOpened();
        return true;
    }

    /**
     * Counts {@code client}, whom a trusted proxy named for the connection of {@code ctx} in a PROXY protocol header,
     * as waiting for its request, or refuses it (answered from {@code ctx}, in front of any TLS); false when refused.
     * {@code tls}: the client speaks TLS, where a plain answer would be garbage.
     */
    boolean admitNamedClient(ChannelHandlerContext ctx, ServerContext context, SocketAddress client, boolean tls) {
        InetAddress address = addressOf(client);
        if (address == null || tryAwaitRequest(address, context.config().limits().maxPendingPerAddress())) {
            return true;
        }
        refuse(ctx.channel(), ctx, context, tls, tooManyWaiting(address) + " (through proxy "
                + ctx.channel().remoteAddress() + ")");
        return false;
    }

    private static String tooManyWaiting(InetAddress address) {
        InetAddress counted = pendingKey(address);
        String from = counted instanceof Inet6Address ? counted.getHostAddress() + "/64" : counted.getHostAddress();
        return "Too many connections from " + from + " waiting to send a request";
    }

    /**
     * Counts one more connection from {@code address} waiting for its request, unless {@code max} (0: no limit) are
     * already. Atomic: connections from one address arriving at once on different loops cannot pass the limit.
     */
    private boolean tryAwaitRequest(InetAddress address, int max) {
        boolean[] taken = new boolean[1];
        pending.compute(pendingKey(address), (key, count) -> {
            int now = count == null ? 0 : count;
            taken[0] = max == 0 || now < max;
            return taken[0] ? now + 1 : count;
        });
        return taken[0];
    }

    /** A connection from {@code remote} waits for its next request (on a kept-alive connection). */
    void requestAwaited(SocketAddress remote) {
        InetAddress address = addressOf(remote);
        if (address != null) {
            pending.merge(pendingKey(address), 1, Integer::sum);
        }
    }

    /** A connection from {@code remote} that {@link #requestAwaited waited} has its request, or closed. */
    void requestEnded(SocketAddress remote) {
        InetAddress address = addressOf(remote);
        if (address != null) {
            pending.computeIfPresent(pendingKey(address), (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Connections from {@code address} waiting for their request now. */
    int pendingFrom(InetAddress address) {
        return pending.getOrDefault(pendingKey(address), 0);
    }

    /**
     * Whose waiting connections {@code address}'s count with. An IPv4 client has one address (an IPv4-mapped IPv6 one is
     * that IPv4 address); an IPv6 host is given a whole /64 and may pick a new address for each connection, so all of
     * a /64 count as one.
     */
    static InetAddress pendingKey(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        try {
            if (isIpv4Mapped(bytes)) {
                return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
            }
            Arrays.fill(bytes, 8, 16, (byte) 0);
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean isIpv4Mapped(byte[] ipv6) {
        for (int i = 0; i < 10; i++) {
            if (ipv6[i] != 0) {
                return false;
            }
        }
        return ipv6[10] == (byte) 0xff && ipv6[11] == (byte) 0xff;
    }

    /** Refuses {@code channel}, answering through {@code out} (the channel, or a handler's context in front of TLS). */
    private void refuse(Channel channel, ChannelOutboundInvoker out, ServerContext context, boolean tls, String reason) {
        context.requests().rejected(503);
        long refused = refusals.occurred();
        if (refused > 0) {
            log.warn("connection from {} refused: {} (refusals in the last {} s: {})", channel.remoteAddress(), reason,
                    refusals.periodSeconds(), refused);
        } else {
            log.debug("connection from {} refused: {}", channel.remoteAddress(), reason);
        }
        if (tls) {
            out.close();
            return;
        }
        String body = reason + "\r\n";
        ResponseHeaders station = context.config().httpHeaders().forStatus(503);
        StringBuilder answer = new StringBuilder("HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; "
                + "charset=utf-8\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n");
        appendUnlessStationHas(answer, station, "Retry-After", "10");
        // As on every other answer: without them a web player's fetch sees a network error, not this 503 and when to retry.
        appendUnlessStationHas(answer, station, "Access-Control-Allow-Origin", "*");
        appendUnlessStationHas(answer, station, "Access-Control-Expose-Headers",
                Cors.EXPOSED_HEADERS + ", Retry-After");
        station.headers().forEach(header -> answer.append(header.name()).append(": ").append(header.value()).append("\r\n"));
        answer.append("\r\n").append(body);
        out.writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Appends the header {@code name: value} to {@code answer}, unless the station's own headers replace it. */
    private static void appendUnlessStationHas(StringBuilder answer, ResponseHeaders station, String name, String value) {
        if (!station.has(name)) {
            answer.append(name).append(": ").append(value).append("\r\n");
        }
    }

    private static InetAddress addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static int roomLeftByOpenFilesLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return Integer.MAX_VALUE;
        }
        long room = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - FILES_KEPT_FREE;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, room));
    }
}
