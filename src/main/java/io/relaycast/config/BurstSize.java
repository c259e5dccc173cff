package io.relaycast.config;

import java.time.Duration;
import java.util.Locale;

/**
 * How much recent audio a new listener gets at once: a byte count or an audio duration.
 * Operators think in seconds ("4 s of audio"), Icecast configures bytes; both are accepted.
 */
public record BurstSize(long bytes, Duration duration) {

    public BurstSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("burst size must not be negative");
        }
        if (duration != null && duration.isNegative()) {
            throw new IllegalArgumentException("burst duration must not be negative");
        }
    }

    public static BurstSize ofBytes(long bytes) {
        return new BurstSize(bytes, null);
    }

    public static BurstSize ofDuration(Duration duration) {
        return new BurstSize(0, duration);
    }

    /** Parses "65536", "64k", "64KiB", "1m" (bytes) or "4s", "2500ms" (audio duration). */
    public static BurstSize parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.endsWith("ms")) {
            return ofDuration(Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim())));
        }
        if (value.endsWith("s") && !value.endsWith("ibs")) {
            double seconds = Double.parseDouble(value.substring(0, value.length() - 1).trim());
            return ofDuration(Duration.ofMillis(Math.round(seconds * 1000)));
        }
        return ofBytes(ByteSizes.parse(value));
    }

    public boolean isDuration() {
        return duration != null;
    }

    @Override
    public String toString() {
        return isDuration() ? duration.toMillis() + "ms" : bytes + " bytes";
    }
}
