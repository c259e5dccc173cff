package io.relaycast.config;

import java.time.ZonedDateTime;

/**
 * A dump file's name with strftime's date and time specifiers, so each live session can have its own file:
 * {@code /srv/shows/live-%Y%m%d-%H%M.mp3}. Only {@code %Y %m %d %H %M %S} and {@code %%} are known; anything else after
 * a {@code %} is refused when the config is read, not when the DJ connects.
 */
public final class DumpFileName {

    private DumpFileName() {
    }

    /** Throws an {@link IllegalArgumentException} naming the first specifier that is not known. */
    public static void check(String pattern) {
        expand(pattern, ZonedDateTime.now());
    }

    /** {@code pattern} with its specifiers replaced by {@code time}'s fields. */
    public static String expand(String pattern, ZonedDateTime time) {
        StringBuilder name = new StringBuilder(pattern.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                name.append(c);
                continue;
            }
            if (++i == pattern.length()) {
                throw new IllegalArgumentException("dump-file ends with a lone %: " + pattern);
            }
            char specifier = pattern.charAt(i);
            switch (specifier) {
                case 'Y' -> name.append(String.format("%04d", time.getYear()));
                case 'm' -> name.append(String.format("%02d", time.getMonthValue()));
                case 'd' -> name.append(String.format("%02d", time.getDayOfMonth()));
                case 'H' -> name.append(String.format("%02d", time.getHour()));
                case 'M' -> name.append(String.format("%02d", time.getMinute()));
                case 'S' -> name.append(String.format("%02d", time.getSecond()));
                case '%' -> name.append('%');
                default -> throw new IllegalArgumentException("dump-file uses %" + specifier
                        + ", which is not known (known: %Y %m %d %H %M %S %%): " + pattern);
            }
        }
        return name.toString();
    }
}
