package io.relaycast.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * The host and port a client used to reach us, from its {@code Host} header, so that URLs we hand out (playlists,
 * {@code listenurl}) work from where the client stands: behind a name, a proxy port, or a LAN address. A missing or
 * odd-looking header falls back to the address the connection arrived on, so nothing a client sends ends up verbatim
 * in a playlist.
 *
 * @param authority "host:port" or "host" as the client wrote it, e.g. "radio.example:8000" or "[::1]:8000"
 * @param secure    whether the client came over TLS (to us, or to the trusted proxy in front of us), so that addresses
 *                  given back to it are https
 */
public record RequestHost(String authority, boolean secure) {

    private static final Pattern SAFE = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

    /** A host reached over plain HTTP. */
    public RequestHost(String authority) {
        this(authority, false);
    }

    public static RequestHost of(HttpRequest request, Channel channel) {
        boolean secure = channel.pipeline().get(SslHandler.class) != null || ClientAddress.httpsAtProxy(channel);
        String header = request.headers().get(HttpHeaderNames.HOST);
        if (header != null && SAFE.matcher(header.trim()).matches()) {
            return new RequestHost(header.trim(), secure);
        }
        if (channel.localAddress() instanceof InetSocketAddress local) {
            String host = local.getAddress().getHostAddress();
            if (host.indexOf(':') >= 0) {
                host = "[" + host.replaceFirst("%.*$", "") + "]";
            }
            return new RequestHost(host + ":" + local.getPort(), secure);
        }
        return new RequestHost("localhost", secure);
    }

    /** The host name alone, without the port. */
    public String hostname() {
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        return colon > close ? authority.substring(0, colon) : authority;
    }

    /**
     * {@code http://authority/path}, or {@code https://} for a client that came over TLS; {@code path} (decoded, as a
     * mount is named) percent-encoded, so that a client reaches it as it is named.
     */
    public String url(String path) {
        return (secure ? "https://" : "http://") + authority + PercentEncoding.path(path);
    }
}
