package io.relaycast.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header's value (RFC 1123, GMT), formatted once a second rather than once a response: formatting a
 * date makes a dozen short-lived objects, and a thousand listeners may connect in one second. Any thread.
 */
public final class HttpDate {

    private static volatile Formatted current = new Formatted(Long.MIN_VALUE, "");

    private HttpDate() {
    }

    /** Now, as an HTTP date: {@code Tue, 1 Dec 2026 13:22:52 GMT}. */
    public static String now() {
        return of(System.currentTimeMillis() / 1000);
    }

    static String of(long epochSecond) {
        Formatted formatted = current;
        if (formatted.epochSecond != epochSecond) {
            formatted = new Formatted(epochSecond, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC)));
            current = formatted;
        }
        return formatted.text;
    }

    private record Formatted(long epochSecond, String text) {
    }
}
