package io.relaycast.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    @Test
    void formatsAsRfc1123InGmt() {
        assertEquals("Tue, 1 Dec 2026 13:22:52 GMT", HttpDate.of(ZonedDateTime.parse("2026-12-01T13:22:52Z").toEpochSecond()));
        assertEquals("Thu, 1 Jan 1970 00:00:00 GMT", HttpDate.of(0));
    }

    @Test
    void formatsOnceASecond() {
        long second = ZonedDateTime.parse("2026-12-01T13:22:52Z").toEpochSecond();
        String first = HttpDate.of(second);
        assertSame(first, HttpDate.of(second), "the same second reuses its text");
        String next = HttpDate.of(second + 1);
        assertNotEquals(first, next);
        assertEquals("Tue, 1 Dec 2026 13:22:53 GMT", next);
    }

    @Test
    void nowIsTheCurrentSecond() {
        long before = System.currentTimeMillis() / 1000;
        String now = HttpDate.now();
        long after = System.currentTimeMillis() / 1000;
        assertTrue(now.equals(rfc1123(before)) || now.equals(rfc1123(after)), now);
    }

    private static String rfc1123(long epochSecond) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }
}
