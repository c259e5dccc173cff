package io.relaycast.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * The host and port a client used to reach us, from its {@code Host} header, so that URLs we hand out (playlists,
 * {@code listenurl}) work from where the client stands: behind a name, a proxy port, or a LAN address. A missing or
 * odd-looking header falls back to the address the connection arrived on, so nothing a client sends ends up verbatim
 * in a playlist.
 *
 * @param authority "host:port" or "host" as the client wrote it, e.g. "radio.example:8000" or "[::1]:8000"
 */
public record RequestHost(String authority) {

    private static final Pattern SAFE = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

    public static RequestHost of(HttpRequest request, Channel channel) {
        String header = request.headers().get(HttpHeaderNames.HOST);
        if (header != null && SAFE.matcher(header.trim()).matches()) {
            return new RequestHost(header.trim());
        }
        if (channel.localAddress() instanceof InetSocketAddress local) {
            String host = local.getAddress().getHostAddress();
            if (host.indexOf(':') >= 0) {
                host = "[" + host.replaceFirst("%.*$", "") + "]";
            }
            return new RequestHost(host + ":" + local.getPort());
        }
        return new RequestHost("localhost");
    }

    /** The host name alone, without the port. */
    public String hostname() {
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        return colon > close ? authority.substring(0, colon) : authority;
    }

    /** {@code http://authority/path}. */
    public String url(String path) {
        return "http://" + authority + path;
    }
}
