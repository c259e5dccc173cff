package io.relaycast.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import io.relaycast.config.LogLevel;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The server's own log (Icecast's error log: starts, stops, sources, warnings) where the config says: in a file
 * ({@code error-log}) instead of standard error, at the level {@code log-level} names. The file is a {@link LineFile}:
 * written by a thread of its own, opened again on {@link #reopen} (a config reload, after logrotate renamed it); lines
 * it cannot take go to standard error. Without a file, standard error keeps the log, as {@code logback.xml} set it up.
 *
 * <p>Logging is per process: one server's settings hold for every logger. {@link #apply} puts the settings in force
 * (at start and after each reload), {@link #close} gives standard error its log back and the starting level.
 */
public final class ErrorLog implements AutoCloseable, LinesLeftOut {

    /**
     * As logback.xml's {@code STDERR} appender writes (the line break is the file's): the file reads as the journal does,
     * one line per event, a line break in a message (text a client sent) written as a space.
     */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - "
            + "%replace(%msg){'[\\r\\n]+', ' '}%n";
    /** logback.xml's appender for standard error, taken off while a file has the log. */
    static final String STANDARD_ERROR = "ASYNC_STDERR";
    private static final int MAX_PENDING_LINES = 100_000;
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(ErrorLog.class);

    private final Supplier<Path> file;
    private final Supplier<LogLevel> level;
    /** Null when SLF4J is not bound to Logback: there is nothing to redirect then. */
    private final Logger root;
    private final Level startLevel;
    private final LineFile lines;
    private final FileAppender appender;
    private Appender<ILoggingEvent> standardError;
    private boolean levelSet;

    /**
     * @param file  the file in force, or null for standard error
     * @param level the level in force, or null for the one the process started with
     */
    public ErrorLog(Supplier<Path> file, Supplier<LogLevel> level) {
        this.file = file;
        this.level = level;
        this.root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger logback ? logback : null;
        this.startLevel = root == null ? null : root.getLevel();
        this.lines = new LineFile("error log", log, line -> System.err.println(line), MAX_PENDING_LINES);
        this.appender = root == null ? null : new FileAppender(root);
    }

    /** Puts the file and level in force now, as the config says. */
    public synchronized void apply() {
        if (root == null) {
            return;
        }
        LogLevel wanted = level.get();
        if (wanted != null) {
            root.setLevel(Level.toLevel(wanted.name()));
            levelSet = true;
        } else if (levelSet) {
            root.setLevel(startLevel);
            levelSet = false;
        }
        Path where = file.get();
        if (where != null && !appender.isStarted()) {
            // Where a reader of standard error finds the rest; said there only (a file that cannot be written would pass
            // the line on to standard error a second time).
            log.info("the server's log continues in {}", where);
            appender.start();
            root.addAppender(appender);
            standardError = root.getAppender(STANDARD_ERROR);
            if (standardError != null) {
                root.detachAppender(standardError);
            }
        } else if (where == null && appender.isStarted()) {
            log.info("the server's log continues on standard error");
            toStandardError();
        }
    }

    @Override
    public long leftOutLines() {
        return lines.leftOutLines();
    }

    /** Closes the file once the lines before are written, so the next line opens it again by its name. */
    public void reopen() {
        lines.reopen();
    }

    private void toStandardError() {
        if (standardError != null) {
            root.addAppender(standardError);
            standardError = null;
        }
        root.detachAppender(appender);
        appender.stop();
    }

    /** Standard error has the log again, at the starting level; what the file was given is written first. */
    @Override
    public synchronized void close() {
        if (root != null) {
            if (appender.isStarted()) {
                toStandardError();
            }
            if (levelSet) {
                root.setLevel(startLevel);
                levelSet = false;
            }
        }
        lines.close();
    }

    /** Formats each event on the thread that logs it (a few microseconds) and hands the line to the file's thread. */
    private final class FileAppender extends AppenderBase<ILoggingEvent> {

        private final PatternLayout layout = new PatternLayout();

        private FileAppender(Logger root) {
            setContext(root.getLoggerContext());
            setName("ERROR_LOG");
            layout.setContext(root.getLoggerContext());
            layout.setPattern(PATTERN);
            layout.start();
        }

        @Override
        protected void append(ILoggingEvent event) {
            Path where = file.get();
            String line = layout.doLayout(event).stripTrailing();
            if (where == null) {
                System.err.println(line);
            } else {
                lines.append(where, line);
            }
        }
    }
}
