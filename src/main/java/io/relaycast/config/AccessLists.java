package io.relaycast.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Who the clients are and which of them may connect: files of client addresses, as Icecast's {@code <deny-ip>} and
 * {@code <allow-ip>} (one address or CIDR network per line, read again when they change), and the reverse proxies whose
 * word on the client behind them is taken (Icecast-KH's {@code <x-forwarded-for>}).
 *
 * @param denyFile       addresses refused at connection, or null
 * @param allowFile      the only addresses let in, or null for all
 * @param trustedProxies addresses or CIDR networks of the proxies trusted to name their client ({@code X-Forwarded-For},
 *                       or a PROXY protocol header); empty for none, null taken as empty
 * @param proxyHeader    the header those proxies name their client in over HTTP (null: {@code X-Forwarded-For})
 */
public record AccessLists(Path denyFile, Path allowFile, List<String> trustedProxies, ForwardedHeader proxyHeader) {

    public static final AccessLists NONE = new AccessLists(null, null);

    public AccessLists {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        proxyHeader = proxyHeader == null ? ForwardedHeader.X_FORWARDED_FOR : proxyHeader;
        for (String proxy : trustedProxies) {
            if (IpNetwork.parse(proxy.strip()) == null) {
                throw new IllegalArgumentException("trusted-proxy must be IP addresses or CIDR networks (127.0.0.1, "
                        + "10.0.0.0/8, 2001:db8::/32), not host names: " + proxy);
            }
        }
    }

    /** Proxies naming their clients in {@code X-Forwarded-For}. */
    public AccessLists(Path denyFile, Path allowFile, List<String> trustedProxies) {
        this(denyFile, allowFile, trustedProxies, null);
    }

    /** Trusting no proxy. */
    public AccessLists(Path denyFile, Path allowFile) {
        this(denyFile, allowFile, List.of());
    }
}
