package io.relaycast.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The decoded, checked path and query of a request. Rejects what could address something other than intended:
 * dot segments, NULs, backslashes, and anything not starting with "/". A target in absolute form
 * ({@code GET http://host/live}, which RFC 9112, 3.2.2 says a server must accept) is read as its path and query.
 *
 * @param path  the decoded path, e.g. "/live"
 * @param query the decoded query parameters
 */
public record RequestPath(String path, Map<String, List<String>> query) {

    /** The target of {@code OPTIONS *}: the server as a whole. */
    public static final RequestPath SERVER_WIDE = new RequestPath("*", Map.of());

    /** Netty's default limit on the number of query parameters decoded. */
    private static final int MAX_PARAMS = 1024;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * The request's target; returns null when it is not acceptable. {@code OPTIONS *} (RFC 9110, 9.3.7: the server as a
     * whole; libshout sends it before its title updates) is {@link #SERVER_WIDE}.
     */
    public static RequestPath of(HttpRequest request) {
        if (request.method().equals(HttpMethod.OPTIONS) && "*".equals(request.uri())) {
            return SERVER_WIDE;
        }
        return parse(request.uri());
    }

    /** Parses {@code uri}; returns null when it is not acceptable. */
    public static RequestPath parse(String target) {
        String uri = originForm(target);
        if (uri == null || uri.isEmpty() || uri.charAt(0) != '/') {
            return null;
        }
        QueryStringDecoder decoder;
        String path;
        try {
            decoder = decoder(uri, StandardCharsets.UTF_8);
            decoder.parameters();
            // Decoded lazily: a bad escape in the path ("/%ZZ") throws here, not when the decoder is made.
            path = decoder.path();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        if (hasControlCharacter(path) || path.indexOf('\\') >= 0 || hasDotSegment(path)) {
            return null;
        }
        return new RequestPath(path, decoder.parameters());
    }

    /**
     * Whether {@code path} holds a control character (NUL, CR, LF...): no mount or file is named so, and a decoded
     * {@code %0D%0A} would otherwise reach the log (a forged line) and, as a mount made by a source, response heads.
     */
    private static boolean hasControlCharacter(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /**
     * A decoder of {@code uri} that splits the query at {@code &} only, as Icecast does: a title sent as
     * {@code song=Artist;Other - Title} keeps its semicolon rather than ending at it.
     */
    public static QueryStringDecoder decoder(String uri, Charset charset) {
        return new QueryStringDecoder(escapeRawBytes(uri), charset, true, MAX_PARAMS, true);
    }

    /**
     * {@code uri} with each byte beyond ASCII that came as it is (Netty reads a request line's bytes as the chars of
     * their values) written as its percent escape, so that it is decoded as the escape would be: a title some encoder
     * sends in raw UTF-8 ({@code song=Söng}) reads as UTF-8, as its escaped form does. (Icecast 2.4.4 reads both,
     * without a {@code charset}, as ISO-8859-1: "SÃ¶ng".)
     */
    static String escapeRawBytes(String uri) {
        int first = 0;
        while (first < uri.length() && (uri.charAt(first) < 0x80 || uri.charAt(first) > 0xFF)) {
            first++;
        }
        if (first == uri.length()) {
            return uri;
        }
        StringBuilder escaped = new StringBuilder(uri.length() + 16).append(uri, 0, first);
        for (int i = first; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c >= 0x80 && c <= 0xFF) {
                escaped.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** The first value of query parameter {@code name}, or null. */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The path and query of {@code target}: itself unless it is in absolute form ("http://host:port/path?query"). */
    public static String originForm(String target) {
        if (target == null) {
            return null;
        }
        int authority = target.regionMatches(true, 0, "http://", 0, 7) ? 7
                : target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (authority < 0) {
            return target;
        }
        int end = authority;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
            end++;
        }
        String rest = target.substring(end);
        return rest.startsWith("/") ? rest : "/" + rest;
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return true;
            }
        }
        return false;
    }
}
