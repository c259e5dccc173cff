package io.relaycast.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headers the station adds to the server's answers, as Icecast's {@code <http-headers>}: on every answer (the server's),
 * or on a mount's listeners' (the mount's), for a web player's CORS needs, caching, a robots rule. A header the server
 * sends itself is replaced; those that make the answer what it is (its length, framing, type, the ICY metadata
 * interval) cannot be. A header may be limited to the answers of one status code (Icecast's {@code status}
 * attribute): a {@code Retry-After} on the 503s, a {@code Cache-Control} on the 404s. A name is given once for any status
 * and once more for each status it has a header of its own for; that one wins on answers of its status.
 *
 * @param headers the headers, in order, each name once per status
 */
public record ResponseHeaders(List<Header> headers) {

    /** None. */
    public static final ResponseHeaders NONE = new ResponseHeaders(List.of());

    /**
     * One header.
     *
     * @param status the only status code whose answers carry it, or {@link #ANY_STATUS}
     */
    public record Header(String name, String value, int status) {

        /** One header on every answer. */
        public Header(String name, String value) {
            this(name, value, ANY_STATUS);
        }

        /** As written in a {@code --http-header} option: {@code Name: value}, after its status if it has one. */
        public String line() {
            return (status == ANY_STATUS ? "" : status + " ") + name + ": " + value;
        }
    }

    /** A header's status when it goes on every answer. */
    public static final int ANY_STATUS = 0;

    /** Names only the server may set: changed, they would break the answer or the stream. */
    static final Set<String> RESERVED = Set.of("content-length", "transfer-encoding", "connection", "content-type",
            "icy-metaint", "keep-alive", "upgrade", "www-authenticate", "location", "content-encoding");

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** {@code 404 Cache-Control}: a status code, then the name. */
    private static final Pattern STATUS_AND_NAME = Pattern.compile("(\\d{3})\\s+(\\S+)");

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
            if (header.status() != ANY_STATUS && (header.status() < 100 || header.status() > 599)) {
                throw new IllegalArgumentException("http-headers: the status of " + header.name()
                        + " must be an HTTP status code (100 to 599), not " + header.status());
            }
            String key = header.status() + " " + name;
            if (seen.contains(key)) {
                throw new IllegalArgumentException("http-headers: " + header.name() + " is given twice"
                        + (header.status() == ANY_STATUS ? "" : " for status " + header.status()));
            }
            seen.add(key);
        }
    }

    /**
     * Headers written {@code Name: value}, one per string, or {@code STATUS Name: value} for a header only on the answers
     * of that status code; null or none for {@link #NONE}.
     */
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
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            Matcher withStatus = STATUS_AND_NAME.matcher(name);
            headers.add(withStatus.matches()
                    ? new Header(withStatus.group(2), value, Integer.parseInt(withStatus.group(1)))
                    : new Header(name, value));
        }
        return new ResponseHeaders(headers);
    }

    /** These as {@code --http-header} options write them, one per string. */
    public List<String> lines() {
        return headers.stream().map(Header::line).toList();
    }

    /**
     * Those that go on an answer of this status code: the ones for any status, but where a name has one of its own for
     * this status, that one.
     */
    public ResponseHeaders forStatus(int code) {
        if (headers.stream().allMatch(header -> header.status() == ANY_STATUS)) {
            return this;
        }
        List<Header> chosen = new ArrayList<>();
        for (Header header : headers) {
            if (header.status() == code || header.status() == ANY_STATUS && headers.stream()
                    .noneMatch(own -> own.status() == code && own.name().equalsIgnoreCase(header.name()))) {
                chosen.add(header);
            }
        }
        return new ResponseHeaders(chosen);
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
