package io.relaycast.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header's value (RFC 9110's IMF-fixdate, as Icecast sends it: a two-digit day, which Java's RFC 1123
 * formatter leaves out and strict parsers such as Go's require), formatted once a second rather than once a response:
 * formatting a date makes a dozen short-lived objects, and a thousand listeners may connect in one second. Any thread.
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ROOT);
    private static volatile Formatted current = new Formatted(Long.MIN_VALUE, "");

    private HttpDate() {
    }

    /** Now, as an HTTP date: {@code Tue, 01 Dec 2026 13:22:52 GMT}. */
    public static String now() {
        return of(System.currentTimeMillis() / 1000);
    }

    static String of(long epochSecond) {
        Formatted formatted = current;
        if (formatted.epochSecond != epochSecond) {
            formatted = new Formatted(epochSecond, IMF_FIXDATE.format(
                    Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC)));
            current = formatted;
        }
        return formatted.text;
    }

    /** {@code epochSecond} (a file's modification time, say) as an HTTP date; not cached, unlike {@link #now}. */
    public static String at(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }

    private record Formatted(long epochSecond, String text) {
    }
}
