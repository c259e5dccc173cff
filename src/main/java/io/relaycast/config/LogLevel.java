package io.relaycast.config;

import java.util.Locale;

/**
 * How much the server's own log (Icecast's error log) says: {@code log-level}, Icecast's {@code <loglevel>}. Each level
 * holds the ones before it.
 */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG;

    /**
     * {@code error}, {@code warn}, {@code info} or {@code debug} in any case, or Icecast's numbers: 1 error, 2 warn,
     * 3 info, 4 debug. Anything else: an {@link IllegalArgumentException} saying what is taken.
     */
    public static LogLevel parse(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        switch (name) {
            case "1" -> {
                return ERROR;
            }
            case "2", "WARNING" -> {
                return WARN;
            }
            case "3" -> {
                return INFO;
            }
            case "4" -> {
                return DEBUG;
            }
            default -> {
                for (LogLevel level : values()) {
                    if (level.name().equals(name)) {
                        return level;
                    }
                }
                throw new IllegalArgumentException("log-level: expected error, warn, info or debug (or Icecast's 1 to 4), not '"
                        + text + "'");
            }
        }
    }
}
