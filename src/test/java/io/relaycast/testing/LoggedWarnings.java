package io.relaycast.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The warnings (or, asked for, other lines) one logger logs from {@link #of} until {@link #close}: what an operator would
 * read in the log.
 */
public final class LoggedWarnings implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    private LoggedWarnings(Logger logger) {
        this.logger = logger;
        logged.start();
        logger.addAppender(logged);
    }

    /** Starts listening to the logger of {@code source}. */
    public static LoggedWarnings of(Class<?> source) {
        return new LoggedWarnings((Logger) LoggerFactory.getLogger(source));
    }

    /** Starts listening to the logger named {@code name} ({@code relaycast.access}). */
    public static LoggedWarnings of(String name) {
        return new LoggedWarnings((Logger) LoggerFactory.getLogger(name));
    }

    /** The first warning so far that starts with {@code prefix} and contains {@code text}, or null. */
    public String first(String prefix, String text) {
        return first(Level.WARN, prefix, text);
    }

    /** The first line logged at {@code level} so far that starts with {@code prefix} and contains {@code text}, or null. */
    public String first(Level level, String prefix, String text) {
        return matching(level, prefix, text).stream().findFirst().orElse(null);
    }

    /** How many lines were logged at {@code level} so far that start with {@code prefix} and contain {@code text}. */
    public int count(Level level, String prefix, String text) {
        return matching(level, prefix, text).size();
    }

    /** The name of the thread that logged the first line at {@code level} starting with {@code prefix}, or null. */
    public String threadOf(Level level, String prefix) {
        return events().stream().filter(event -> event.getLevel() == level)
                .filter(event -> event.getFormattedMessage().startsWith(prefix))
                .map(ILoggingEvent::getThreadName).findFirst().orElse(null);
    }

    private List<ILoggingEvent> events() {
        synchronized (logged) {
            // The appender adds under its own lock, from the event loops.
            return List.copyOf(logged.list);
        }
    }

    private List<String> matching(Level level, String prefix, String text) {
        return events().stream().filter(event -> event.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.startsWith(prefix) && message.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(logged);
    }
}
