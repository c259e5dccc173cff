package io.relaycast.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.relaycast.config.AccessLists;
import io.relaycast.config.ForwardedHeader;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who the client is behind trusted proxies, read from {@code X-Forwarded-For} as nginx, Caddy, HAProxy and CDNs write
 * it: the nearest untrusted hop from the right, never an address the client could have written itself.
 */
class TrustedProxiesTest {

    private static final SocketAddress NGINX = new InetSocketAddress("10.0.0.5", 41000);
    private final TrustedProxies proxies = TrustedProxies.of(new AccessLists(null, null, List.of("10.0.0.0/8", "::1")));

    @Test
    void theClientIsTheHopTheTrustedProxyAdded() {
        assertThat(client(NGINX, "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client(NGINX, "198.51.100.7, 203.0.113.9")).as("the first hop was written by the client")
                .isEqualTo("203.0.113.9");
    }

    @Test
    void trustedHopsAreSkippedUpToTheFirstUntrustedOne() {
        assertThat(client(NGINX, "198.51.100.7, 203.0.113.9, 10.1.1.1, 10.2.2.2")).isEqualTo("203.0.113.9");
        assertThat(client(NGINX, "10.1.1.1, 10.2.2.2")).as("all trusted: the farthest").isEqualTo("10.1.1.1");
    }

    @Test
    void severalHeaderLinesReadAsOneListInTheirOrder() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "198.51.100.7")
                .add("X-Forwarded-For", "203.0.113.9, 10.1.1.1");
        assertThat(ip(proxies.clientOf(NGINX, headers))).isEqualTo("203.0.113.9");
        assertThat(proxies.clientOf(NGINX, headers)).as("in the logs, without a port nobody told")
                .hasToString("/203.0.113.9");
    }

    @Test
    void portsAndIpv6AreRead() {
        assertThat(client(NGINX, "203.0.113.9:51234")).isEqualTo("203.0.113.9");
        assertThat(client(NGINX, "[2001:db8::7]:51234")).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(client(NGINX, "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(client(NGINX, "::ffff:203.0.113.9")).as("IPv4 written as IPv6").isEqualTo("203.0.113.9");
        assertThat(client(new InetSocketAddress("::1", 41000), "203.0.113.9")).as("a proxy on IPv6").isEqualTo("203.0.113.9");
    }

    @Test
    void whatIsNotAnAddressEndsTheTrustedChainThere() {
        assertThat(client(NGINX, "unknown")).as("nothing vouched for: the proxy").isEqualTo("10.0.0.5");
        assertThat(client(NGINX, "203.0.113.9, radio.example.org, 10.1.1.1")).as("the last trusted hop read")
                .isEqualTo("10.1.1.1");
        assertThat(client(NGINX, "")).isEqualTo("10.0.0.5");
    }

    @Test
    void anUntrustedPeersHeaderIsNeverRead() {
        SocketAddress listener = new InetSocketAddress("192.0.2.44", 50000);
        assertThat(client(listener, "203.0.113.9")).isEqualTo("192.0.2.44");
        assertThat(TrustedProxies.NONE.clientOf(NGINX, headers("203.0.113.9"))).isSameAs(NGINX);
        assertThat(proxies.forwardedOverHttps(listener, new DefaultHttpHeaders().add("X-Forwarded-Proto", "https"))).isFalse();
    }

    @Test
    void httpsIsTakenFromTheProxysForwardedProto() {
        assertThat(proxies.forwardedOverHttps(NGINX, new DefaultHttpHeaders().add("X-Forwarded-Proto", "https"))).isTrue();
        assertThat(proxies.forwardedOverHttps(NGINX, new DefaultHttpHeaders().add("X-Forwarded-Proto", "HTTPS, http"))).isTrue();
        assertThat(proxies.forwardedOverHttps(NGINX, new DefaultHttpHeaders().add("X-Forwarded-Proto", "http"))).isFalse();
        assertThat(proxies.forwardedOverHttps(NGINX, new DefaultHttpHeaders())).isFalse();
    }

    @Test
    void withForwardedTheClientIsTheNearestUntrustedForAndItsElementsProtoSaysHttps() {
        TrustedProxies rfc7239 = proxiesNamingIn(ForwardedHeader.FORWARDED);
        assertThat(forwardedClient(rfc7239, "for=203.0.113.9;proto=https")).isEqualTo("203.0.113.9");
        assertThat(forwardedClient(rfc7239, "for=198.51.100.7, for=203.0.113.9;proto=https, for=10.1.1.1"))
                .as("the first element was written by the client").isEqualTo("203.0.113.9");
        assertThat(forwardedClient(rfc7239, "For=\"[2001:db8:cafe::17]:4711\";Proto=http")).as("quoted, names in any case")
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(forwardedClient(rfc7239, "for=\"203.0.113.9:51234\";by=\"a,b;c\", for=10.1.1.1"))
                .as("commas and semicolons in quotes are text").isEqualTo("203.0.113.9");
        assertThat(forwardedClient(rfc7239, "for=unknown")).as("nothing vouched for").isEqualTo("10.0.0.5");
        assertThat(forwardedClient(rfc7239, "for=203.0.113.9, for=_hidden, for=10.1.1.1")).isEqualTo("10.1.1.1");
        assertThat(forwardedClient(rfc7239, "proto=https")).as("an element without for").isEqualTo("10.0.0.5");
        HttpHeaders twoLines = new DefaultHttpHeaders().add("Forwarded", "for=198.51.100.7;proto=http")
                .add("Forwarded", "for=203.0.113.9;proto=https");
        assertThat(ip(rfc7239.clientOf(NGINX, twoLines))).isEqualTo("203.0.113.9");
        assertThat(rfc7239.forwardedOverHttps(NGINX, twoLines)).as("the proto of the element that named the client")
                .isTrue();
        assertThat(rfc7239.forwardedOverHttps(NGINX, new DefaultHttpHeaders().add("Forwarded", "for=203.0.113.9")
                .add("X-Forwarded-Proto", "https"))).as("X-Forwarded-Proto is not read then").isFalse();
        assertThat(ip(rfc7239.clientOf(NGINX, headers("203.0.113.9")))).as("nor X-Forwarded-For")
                .isEqualTo("10.0.0.5");
    }

    @Test
    void withXRealIpTheClientIsTheOneAddressTheProxySet() {
        TrustedProxies realIp = proxiesNamingIn(ForwardedHeader.X_REAL_IP);
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Real-IP", "203.0.113.9")
                .add("X-Forwarded-For", "198.51.100.7");
        assertThat(ip(realIp.clientOf(NGINX, headers))).isEqualTo("203.0.113.9");
        assertThat(ip(realIp.clientOf(NGINX, new DefaultHttpHeaders().add("X-Real-IP", "not an address"))))
                .isEqualTo("10.0.0.5");
        assertThat(ip(realIp.clientOf(NGINX, headers("203.0.113.9")))).as("X-Forwarded-For is not read then")
                .isEqualTo("10.0.0.5");
        SocketAddress listener = new InetSocketAddress("192.0.2.44", 50000);
        assertThat(realIp.clientOf(listener, headers)).as("from anybody else").isSameAs(listener);
    }

    @Test
    void theHeaderIsNamedInAnyCaseAndAnyOtherIsRefused() {
        assertThat(ForwardedHeader.parse("x-real-ip")).isEqualTo(ForwardedHeader.X_REAL_IP);
        assertThat(ForwardedHeader.parse("FORWARDED")).isEqualTo(ForwardedHeader.FORWARDED);
        assertThatThrownBy(() -> ForwardedHeader.parse("X-Client-IP"))
                .hasMessage("trusted-proxy-header must be X-Forwarded-For, Forwarded or X-Real-IP, not x-client-ip");
    }

    @Test
    void aTrustedProxyMustBeAnAddressOrNetwork() {
        assertThat(new AccessLists(null, null, List.of(" 192.0.2.0/24 ", "2001:db8::/32")).trustedProxies()).hasSize(2);
        assertThatThrownBy(() -> new AccessLists(null, null, List.of("proxy.example.org")))
                .hasMessage("trusted-proxy must be IP addresses or CIDR networks (127.0.0.1, 10.0.0.0/8, 2001:db8::/32), "
                        + "not host names: proxy.example.org");
        assertThatThrownBy(() -> new AccessLists(null, null, List.of("10.0.0.0/33"))).hasMessageEndingWith(": 10.0.0.0/33");
    }

    private static TrustedProxies proxiesNamingIn(ForwardedHeader header) {
        return TrustedProxies.of(new AccessLists(null, null, List.of("10.0.0.0/8"), header));
    }

    private static String forwardedClient(TrustedProxies rfc7239, String forwarded) {
        return ip(rfc7239.clientOf(NGINX, new DefaultHttpHeaders().add("Forwarded", forwarded)));
    }

    private String client(SocketAddress from, String forwardedFor) {
        return ip(proxies.clientOf(from, headers(forwardedFor)));
    }

    private static HttpHeaders headers(String forwardedFor) {
        return new DefaultHttpHeaders().add("X-Forwarded-For", forwardedFor);
    }

    private static String ip(SocketAddress address) {
        return ((InetSocketAddress) address).getAddress().getHostAddress();
    }
}
