package io.relaycast.http;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding (RFC 3986, 2.1) of what the server writes into the URLs it hands out: a mount's path, a login. A
 * source may name its mount with any character ({@code /my radio}, {@code /100%}), and a URL holding it raw is cut at
 * a space, a {@code #} or a {@code ?}, or misread at a {@code %}, by every client that takes it as a URL.
 */
public final class PercentEncoding {

    /** Unreserved and sub-delims (RFC 3986, 2.2-2.3): written plain in every component. */
    private static final String PLAIN = "-._~!$&'()*+,;=";

    private PercentEncoding() {
    }

    /** {@code path} with each segment encoded as RFC 3986 pchars: {@code :} and {@code @} plain, and the slashes kept. */
    public static String path(String path) {
        return encode(path, ":@/");
    }

    /** {@code text} as UTF-8, every byte percent-encoded but letters, digits, unreserved, sub-delims and {@code keep}. */
    public static String encode(String text, String keep) {
        StringBuilder encoded = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || PLAIN.indexOf(c) >= 0 || keep.indexOf(c) >= 0);
            if (plain) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
