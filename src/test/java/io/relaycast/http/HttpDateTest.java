package io.relaycast.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    @Test
    void formatsAsTheImfFixdateOfRfc9110WithATwoDigitDay() {
        assertEquals("Tue, 01 Dec 2026 13:22:52 GMT", HttpDate.of(ZonedDateTime.parse("2026-12-01T13:22:52Z").toEpochSecond()));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDate.of(0));
        assertEquals("Sat, 12 Dec 2026 09:05:07 GMT", HttpDate.of(ZonedDateTime.parse("2026-12-12T09:05:07Z").toEpochSecond()));
    }

    @Test
    void formatsOnceASecond() {
        long second = ZonedDateTime.parse("2026-12-01T13:22:52Z").toEpochSecond();
        String first = HttpDate.of(second);
        assertSame(first, HttpDate.of(second), "the same second reuses its text");
        String next = HttpDate.of(second + 1);
        assertNotEquals(first, next);
        assertEquals("Tue, 01 Dec 2026 13:22:53 GMT", next);
    }

    @Test
    void nowIsTheCurrentSecond() {
        long before = System.currentTimeMillis() / 1000;
        String now = HttpDate.now();
        long after = System.currentTimeMillis() / 1000;
        assertTrue(now.equals(imfFixdate(before)) || now.equals(imfFixdate(after)), now);
    }

    private static String imfFixdate(long epochSecond) {
        return DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
                .format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }
}
