package io.relaycast.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who is at the other end of a connection, for the logs, the listener lists and the address lists: the connection's
 * peer, unless a trusted reverse proxy named the client behind it, in a PROXY protocol header for the whole connection
 * or in {@code X-Forwarded-For} for the request being served (a proxy's kept-alive connection carries the requests of
 * many clients). Also whether that proxy was reached over HTTPS, so that the links handed back are {@code https}.
 */
public final class ClientAddress {

    private static final AttributeKey<SocketAddress> OF_CONNECTION = AttributeKey.valueOf("relaycast.connectionClient");
    private static final AttributeKey<SocketAddress> OF_REQUEST = AttributeKey.valueOf("relaycast.requestClient");
    private static final AttributeKey<Boolean> HTTPS_AT_PROXY = AttributeKey.valueOf("relaycast.httpsAtProxy");

    private ClientAddress() {
    }

    /** The client of {@code channel}'s request: as a trusted proxy named it, or the connection's. */
    public static SocketAddress of(Channel channel) {
        SocketAddress named = get(channel, OF_REQUEST);
        return named != null ? named : ofConnection(channel);
    }

    /** The IP address of the client of {@code channel}'s request, as text ({@link #of}). */
    public static String ip(Channel channel) {
        SocketAddress client = of(channel);
        return client instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(client);
    }

    /** The client of {@code channel} as its PROXY protocol header named it, or its peer. */
    public static SocketAddress ofConnection(Channel channel) {
        SocketAddress named = get(channel, OF_CONNECTION);
        return named != null ? named : channel.remoteAddress();
    }

    /** {@code client} is whom the whole of {@code channel} serves (named in a PROXY protocol header). */
    public static void setForConnection(Channel channel, SocketAddress client) {
        channel.attr(OF_CONNECTION).set(client);
    }

    /**
     * {@code client} is whom {@code channel}'s request is for, and {@code httpsAtProxy} whether it reached the proxy
     * over HTTPS.
     */
    public static void setForRequest(Channel channel, SocketAddress client, boolean httpsAtProxy) {
        channel.attr(OF_REQUEST).set(client);
        channel.attr(HTTPS_AT_PROXY).set(httpsAtProxy);
    }

    /** Whether the request being served came through a trusted HTTP proxy (which may or may not have named a client). */
    public static boolean throughHttpProxy(Channel channel) {
        return get(channel, OF_REQUEST) != null;
    }

    /** Whether the request being served reached a trusted proxy over HTTPS. */
    public static boolean httpsAtProxy(Channel channel) {
        return Boolean.TRUE.equals(get(channel, HTTPS_AT_PROXY));
    }

    /** The attribute's value, or null; without adding an empty attribute to every connection that has none. */
    private static <T> T get(Channel channel, AttributeKey<T> key) {
        return channel.hasAttr(key) ? channel.attr(key).get() : null;
    }
}
