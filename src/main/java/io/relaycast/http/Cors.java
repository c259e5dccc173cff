package io.relaycast.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * CORS headers so web players on other sites can play mounts and read status: any origin, {@code Icy-MetaData} allowed
 * as a request header, the {@code icy-*} response headers exposed, and those of a byte range, which a player that seeks
 * in a web root file reads to know where the piece it got goes.
 */
public final class Cors {

    public static final String ALLOWED_HEADERS = "Icy-MetaData, Range, Authorization, Content-Type";
    public static final String EXPOSED_HEADERS = "icy-br, icy-description, icy-genre, icy-metaint, icy-name, icy-pub, icy-url, "
            + "ice-audio-info, Content-Type, Content-Length, Content-Range, Accept-Ranges";

    private Cors() {
    }

    public static void allow(HttpHeaders headers) {
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }

    /** Headers answering a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}). */
    public static void preflight(HttpHeaders headers) {
        allow(headers);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
    }
}
