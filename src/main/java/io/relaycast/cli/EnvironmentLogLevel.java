package io.relaycast.cli;

import ch.qos.logback.classic.Level;
import io.relaycast.config.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code RELAYCAST_LOG_LEVEL} in force before any command runs, in every word {@code --log-level} takes. logback.xml
 * reads the variable too, but knows neither Icecast's 1 to 4 nor {@code warning}, and makes DEBUG of a name it does not
 * know; only the server puts its level in force later (its error log does), so {@code import-icecast}, {@code loadtest},
 * {@code pacing-drift} and {@code healthcheck} would log at DEBUG.
 */
final class EnvironmentLogLevel {

    static final String VARIABLE = "RELAYCAST_LOG_LEVEL";
    private static final Logger log = LoggerFactory.getLogger(EnvironmentLogLevel.class);

    private EnvironmentLogLevel() {
    }

    /**
     * Sets the root logger to {@code value}'s level; a value not understood gives info, the level without one, with a
     * warning. Null (not set): logback.xml's info stands. Nothing when SLF4J is not bound to Logback.
     */
    static void apply(String value) {
        if (value == null
                || !(LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root)) {
            return;
        }
        try {
            root.setLevel(Level.toLevel(LogLevel.parse(value).name()));
        } catch (IllegalArgumentException notUnderstood) {
            root.setLevel(Level.INFO);
            log.warn("environment variable {}: {}; logging at info", VARIABLE, notUnderstood.getMessage());
        }
    }
}
