package io.relaycast.config;

import java.util.Locale;

/** Parses human byte sizes: "524288", "512k", "512KiB", "1m", "1MiB". Powers of 1024, as Icecast's sizes are. */
public final class ByteSizes {

    private ByteSizes() {
    }

    public static long parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long multiplier = 1;
        if (value.endsWith("k")) {
            multiplier = 1024;
        } else if (value.endsWith("m")) {
            multiplier = 1024 * 1024;
        } else if (value.endsWith("g")) {
            multiplier = 1024L * 1024 * 1024;
        }
        if (multiplier != 1) {
            value = value.substring(0, value.length() - 1).trim();
        }
        long parsed = Long.parseLong(value) * multiplier;
        if (parsed < 0) {
            throw new IllegalArgumentException("size must not be negative: " + text);
        }
        return parsed;
    }
}
