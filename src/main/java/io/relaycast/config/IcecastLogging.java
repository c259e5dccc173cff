package io.relaycast.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.w3c.dom.Element;

/**
 * Icecast's {@code <logging>} as import-icecast carries it over: each log in {@code <logdir>}, where Icecast opens it
 * ({@code -}, a standard stream, is relaycast's default for the access and error logs), and the level by its name.
 */
final class IcecastLogging {

    /** Icecast's log files that relaycast writes too, and their settings. */
    private static final Map<String, String> LOG_FILES = Map.of("playlistlog", "playlist-log", "accesslog", "access-log",
            "errorlog", "error-log");

    private IcecastLogging() {
    }

    /**
     * @param logs     the elements inside {@code <logging>}
     * @param logdir   Icecast's {@code <paths><logdir>}
     * @param settings takes relaycast's settings
     * @param note     takes what is not carried over, and why
     */
    static void carryOver(List<Element> logs, String logdir, Map<String, Object> settings, BiConsumer<String, String> note) {
        for (Element log : logs) {
            String name = log.getTagName();
            String value = log.getTextContent().trim();
            if (name.equals("loglevel")) {
                level(value, settings, note);
            } else if (name.equals("logsize") || name.equals("logarchive")) {
                note.accept("<logging><" + name + ">", "relaycast does not rotate its logs itself: logrotate renames them "
                        + "and a reload opens new ones (scripts/relaycast.logrotate)");
            } else if (!LOG_FILES.containsKey(name)) {
                note.accept("<logging><" + name + ">", "not a log relaycast writes");
            } else if (!value.equals("-")) {
                settings.put(LOG_FILES.get(name), logdir.replaceAll("/+$", "") + "/" + value);
            } else if (name.equals("playlistlog")) {
                note.accept("<logging><playlistlog>", "relaycast writes the playlist log to a file only, not to standard "
                        + "error");
            }
        }
    }

    private static void level(String value, Map<String, Object> settings, BiConsumer<String, String> note) {
        try {
            settings.put("log-level", LogLevel.parse(value).name().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            note.accept("<logging><loglevel>", "'" + value + "' is not one of Icecast's levels 1 to 4; relaycast logs at "
                    + "info");
        }
    }
}
