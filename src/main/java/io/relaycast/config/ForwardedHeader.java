package io.relaycast.config;

import java.util.Locale;

/**
 * The request header a trusted reverse proxy names its client in ({@code --trusted-proxy-header}), as nginx's
 * {@code real_ip_header}: only that one is read, since a proxy passes the others on as the client wrote them.
 */
public enum ForwardedHeader {
    /** {@code X-Forwarded-For: client, proxy1}: nginx's {@code $proxy_add_x_forwarded_for}, Caddy, HAProxy, CDNs. */
    X_FORWARDED_FOR("X-Forwarded-For"),
    /** RFC 7239 {@code Forwarded: for=client;proto=https, for=proxy1}. */
    FORWARDED("Forwarded"),
    /** {@code X-Real-IP: client}: one address, as nginx's {@code proxy_set_header X-Real-IP $remote_addr} sets it. */
    X_REAL_IP("X-Real-IP");

    private final String headerName;

    ForwardedHeader(String headerName) {
        this.headerName = headerName;
    }

    public String headerName() {
        return headerName;
    }

    /** The header named {@code name}, in any case; an {@link IllegalArgumentException} saying which there are. */
    public static ForwardedHeader parse(String name) {
        String wanted = name.strip();
        for (ForwardedHeader header : values()) {
            if (header.headerName.equalsIgnoreCase(wanted) || header.name().equalsIgnoreCase(wanted)) {
                return header;
            }
        }
        throw new IllegalArgumentException("trusted-proxy-header must be X-Forwarded-For, Forwarded or X-Real-IP, not "
                + name.toLowerCase(Locale.ROOT).strip());
    }
}
