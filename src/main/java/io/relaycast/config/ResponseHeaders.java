package io.relaycast.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Headers the station adds to the server's answers, as Icecast's {@code <http-headers>}: on every answer (the server's),
 * or on a mount's listeners' (the mount's), for a web player's CORS needs, caching, a robots rule. A header the server
 * sends itself is replaced; those that make the answer what it is (its length, framing, type, the ICY metadata
 * interval) cannot be.
 *
 * @param headers the headers, in order, each name once
 */
public record ResponseHeaders(List<Header> headers) {

    /** None. */
    public static final ResponseHeaders NONE = new ResponseHeaders(List.of());

    /** One header. */
    public record Header(String name, String value) {
    }

    /** Names only the server may set: changed, they would break the answer or the stream. */
    static final Set<String> RESERVED = Set.of("content-length", "transfer-encoding", "connection", "content-type",
            "icy-metaint", "keep-alive", "upgrade", "www-authenticate", "location", "content-encoding");

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public ResponseHeaders {
        headers = List.copyOf(headers);
        List<String> seen = new ArrayList<>();
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(header.name()).matches()) {
                throw new IllegalArgumentException("http-headers: not a header name: " + header.name());
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("http-headers: " + header.name() + " is the server's to set");
            }
            if (header.value().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException("http-headers: the value of " + header.name()
                        + " must be one line of text");
            }
            if (seen.contains(name)) {
                throw new IllegalArgumentException("http-headers: " + header.name() + " is given twice");
            }
            seen.add(name);
        }
    }

    /** Headers written {@code Name: value}, one per string; null or none for {@link #NONE}. */
    public static ResponseHeaders parse(List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return NONE;
        }
        List<Header> headers = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("http-headers: a header is written Name: value, not " + line);
            }
            headers.add(new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return new ResponseHeaders(headers);
    }

    public boolean isEmpty() {
        return headers.isEmpty();
    }

    /** Whether a header of this name (in any case) is among these. */
    public boolean has(String name) {
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** These, then {@code more} but for the names these have: a mount's headers over the server's. */
    public ResponseHeaders over(ResponseHeaders more) {
        if (more.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return more;
        }
        List<Header> merged = new ArrayList<>(headers);
        more.headers.stream().filter(header -> !has(header.name())).forEach(merged::add);
        return new ResponseHeaders(merged);
    }
}
