package io.relaycast.relay;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reason an origin gives in the body of a refusal, for the log: Icecast writes it as an HTML page
 * ({@code <b>404 - The file you requested could not be found</b>}), as plain text ({@code Mountpoint in use}) or in an
 * {@code <iceresponse><message>}; relaycast and SHOUTcast as plain text. Reduced to one line of plain text, at most
 * {@link #MAX_CHARS} characters, without control characters, so an origin cannot forge or flood log lines.
 */
final class OriginRefusal {

    /** Body bytes read at most for the reason. */
    static final int MAX_BODY_BYTES = 2048;
    static final int MAX_CHARS = 200;

    private static final Pattern MESSAGE = Pattern.compile("(?is)<message>(.*?)</message>");
    private static final Pattern BODY = Pattern.compile("(?is)<body[^>]*>(.*?)(</body>|$)");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>?");

    private OriginRefusal() {
    }

    /** The reason in {@code body}, as one line of plain text; empty when it says nothing. */
    static String reason(String body) {
        String text = body;
        Matcher message = MESSAGE.matcher(text);
        Matcher page = BODY.matcher(text);
        if (message.find()) {
            text = message.group(1);
        } else if (page.find()) {
            text = page.group(1);
        }
        text = TAG.matcher(text).replaceAll(" ");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&apos;", "'").replace("&amp;", "&");
        text = text.replaceAll("\\p{Cf}+", "").replaceAll("[\\p{Cntrl}\\p{Z}\\s]+", " ").strip();
        if (text.codePointCount(0, text.length()) <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_CHARS)) + "...";
    }
}
