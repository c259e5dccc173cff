package io.relaycast.listener;

import java.net.SocketAddress;

/**
 * What we keep of a listener's request.
 *
 * @param remote        the listener's address
 * @param requestLine   e.g. "GET /live HTTP/1.1", for the access log
 * @param userAgent     the player's name
 * @param referer       the page it was opened from
 * @param wantsMetadata whether it sent {@code Icy-MetaData: 1}
 * @param metaint       audio bytes between metadata blocks
 * @param receivedNanos {@link System#nanoTime()} when the request head was complete, for time to first byte
 * @param user          the user name it logged in with (Basic), or null
 */
public record ListenerRequest(SocketAddress remote, String requestLine, String userAgent, String referer,
                              boolean wantsMetadata, int metaint, long receivedNanos, String user) {

    /** A listener who gave no user name. */
    public ListenerRequest(SocketAddress remote, String requestLine, String userAgent, String referer,
                           boolean wantsMetadata, int metaint, long receivedNanos) {
        this(remote, requestLine, userAgent, referer, wantsMetadata, metaint, receivedNanos, null);
    }
}
