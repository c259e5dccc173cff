package io.relaycast.auth;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import io.relaycast.config.AccessLists;
import io.relaycast.config.ForwardedHeader;
import io.relaycast.config.IpNetwork;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reverse proxies whose word on the client behind them is taken ({@code --trusted-proxy}). Behind nginx, Caddy,
 * HAProxy or a CDN every connection comes from the proxy; only a proxy the operator named may say who the listener is,
 * since anybody else could claim any address and walk past a deny list. A proxy names its client in the header the
 * operator chose ({@code --trusted-proxy-header}): {@code X-Forwarded-For} or RFC 7239's {@code Forwarded}, which each
 * proxy on the way appends to, where the client is the address nearest to us that is not a trusted proxy itself (so an
 * address a listener wrote into the header is never taken); or {@code X-Real-IP}, the one address the proxy set.
 */
public final class TrustedProxies {

    /** Trusting nobody: every client is the connection's peer. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), ForwardedHeader.X_FORWARDED_FOR);

    static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private final List<IpNetwork> networks;
    private final ForwardedHeader header;

    private TrustedProxies(List<IpNetwork> networks, ForwardedHeader header) {
        this.networks = networks;
        this.header = header;
    }

    /** The proxies {@code lists} names (checked when it was made), and the header they name their clients in. */
    public static TrustedProxies of(AccessLists lists) {
        return new TrustedProxies(lists.trustedProxies().stream().map(p -> IpNetwork.parse(p.strip())).toList(),
                lists.proxyHeader());
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether {@code peer} is a trusted proxy; anything but an IP address (a test's local channel) is not. */
    public boolean trusts(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null && trusts(inet.getAddress());
    }

    private boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (IpNetwork network : networks) {
            if (network.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client of a request that reached us from {@code from}: {@code from} itself, unless it is a trusted proxy and
     * the request says whom it forwards. Then the nearest address in {@code X-Forwarded-For} that is not a trusted
     * proxy, read from the right; where the header holds something that is not an address, the last address read
     * before it (nothing further left can be vouched for). The port of an address named so is 0, and left out where it
     * is shown: the proxy does not say it.
     */
    public SocketAddress clientOf(SocketAddress from, HttpHeaders headers) {
        if (networks.isEmpty() || !trusts(from)) {
            return from;
        }
        if (header == ForwardedHeader.X_REAL_IP) {
            InetAddress named = address(headers.get(header.headerName(), ""));
            return named == null ? from : new NamedClient(named);
        }
        List<Hop> hops = hops(headers);
        int hop = nearestUntrustedHop(hops);
        return hop < 0 ? from : new NamedClient(address(hops.get(hop).node()));
    }

    /**
     * Whether a request from {@code from} came to its trusted proxy over HTTPS: {@code proto=https} in the
     * {@code Forwarded} element that named the client, else {@code X-Forwarded-Proto: https}.
     */
    public boolean forwardedOverHttps(SocketAddress from, HttpHeaders headers) {
        if (networks.isEmpty() || !trusts(from)) {
            return false;
        }
        if (header == ForwardedHeader.FORWARDED) {
            List<Hop> hops = hops(headers);
            int hop = nearestUntrustedHop(hops);
            return hop >= 0 && "https".equalsIgnoreCase(hops.get(hop).proto());
        }
        String proto = headers.get(FORWARDED_PROTO);
        // Proxies that append give the client's own scheme first.
        return proto != null && proto.split(",", 2)[0].strip().toLowerCase(Locale.ROOT).equals("https");
    }

    /**
     * The index in {@code hops} of the client: the nearest hop from the right that is not a trusted proxy; where a hop
     * is not an address, the last hop read before it (nothing further left can be vouched for); -1 for none.
     */
    private int nearestUntrustedHop(List<Hop> hops) {
        int client = -1;
        for (int hop = hops.size() - 1; hop >= 0; hop--) {
            InetAddress named = address(hops.get(hop).node());
            if (named == null) {
                return client;
            }
            client = hop;
            if (!trusts(named)) {
                return client;
            }
        }
        return client;
    }

    /** The hops of the chosen list header, every header line in order, the nearest proxy's last. */
    private List<Hop> hops(HttpHeaders headers) {
        List<Hop> hops = new ArrayList<>();
        for (String line : headers.getAll(header.headerName())) {
            if (header == ForwardedHeader.FORWARDED) {
                ForwardedElements.parse(line, hops);
            } else {
                for (String hop : line.split(",")) {
                    hops.add(new Hop(hop, null));
                }
            }
        }
        return hops;
    }

    /** One proxy's word: the node it received the request from, and the scheme it was received over (or null). */
    record Hop(String node, String proto) {
    }

    /**
     * One hop of {@code X-Forwarded-For}: {@code 192.0.2.7}, {@code 2001:db8::7}, or with a port as some proxies write
     * it ({@code 192.0.2.7:51234}, {@code [2001:db8::7]:51234}); null for anything else ({@code unknown}, a name).
     */
    static InetAddress address(String hop) {
        String text = hop.strip();
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            text = close > 0 ? text.substring(1, close) : text;
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            text = text.substring(0, text.indexOf(':'));
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(IpNetwork.unmapped(bytes));
        } catch (UnknownHostException impossible) {
            return null;
        }
    }

    /** A client a proxy named in {@code X-Forwarded-For}: its address, shown without the port nobody told us. */
    static final class NamedClient extends InetSocketAddress {

        private static final long serialVersionUID = 1L;

        NamedClient(InetAddress address) {
            super(address, 0);
        }

        @Override
        public String toString() {
            return "/" + getAddress().getHostAddress();
        }
    }
}
