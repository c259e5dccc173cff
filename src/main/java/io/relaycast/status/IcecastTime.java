package io.relaycast.status;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The two time formats Icecast's statistics use, in the server's time zone as Icecast writes them. */
public final class IcecastTime {

    private static final DateTimeFormatter RFC822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT);

    private IcecastTime() {
    }

    /** e.g. {@code Fri, 21 Nov 2025 09:21:00 +0000}. */
    public static String rfc822(Instant time) {
        return RFC822.format(time.atZone(ZoneId.systemDefault()));
    }

    /** e.g. {@code 2025-11-21T09:21:00+0000}. */
    public static String iso8601(Instant time) {
        return ISO8601.format(time.atZone(ZoneId.systemDefault()));
    }
}
