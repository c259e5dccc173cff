package io.relaycast.http;

import io.netty.handler.codec.http.HttpRequest;

/**
 * Recognises requests a browser made on behalf of another origin. Admin commands are GETs with Basic auth (as in
 * Icecast, so every existing tool works), which a browser that remembers the login would otherwise send for any page
 * that links to them. Browsers label every request with {@code Sec-Fetch-Site}; tools such as curl do not send it.
 * {@code same-site} counts as another origin: it covers another port of the same host and sibling subdomains (one
 * tenant's st2.host.com against st1.host.com), while the server's own admin page is {@code same-origin}.
 */
public final class CrossSite {

    private CrossSite() {
    }

    /**
     * True when a browser says the request comes from another origin: anything but {@code same-origin} or {@code none}
     * (typed in the address bar, a bookmark), where a request without the header is a tool's.
     */
    public static boolean isCrossSite(HttpRequest request) {
        String site = request.headers().get("Sec-Fetch-Site");
        if (site == null) {
            return false;
        }
        String value = site.trim();
        return !value.equalsIgnoreCase("same-origin") && !value.equalsIgnoreCase("none");
    }
}
