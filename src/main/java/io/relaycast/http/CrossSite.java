package io.relaycast.http;

import io.netty.handler.codec.http.HttpRequest;

/**
 * Recognises requests a browser made on behalf of another site. Admin commands are GETs with Basic auth (as in
 * Icecast, so every existing tool works), which a browser that remembers the login would otherwise send for any page
 * that links to them. Browsers label every request with {@code Sec-Fetch-Site}; tools such as curl do not send it.
 */
public final class CrossSite {

    private CrossSite() {
    }

    /** True when a browser says the request comes from another site. */
    public static boolean isCrossSite(HttpRequest request) {
        String site = request.headers().get("Sec-Fetch-Site");
        return site != null && site.trim().equalsIgnoreCase("cross-site");
    }
}
