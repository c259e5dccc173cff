package io.relaycast.testing;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * What the process writes to standard error from {@link #capture} until {@link #close} (still passed on to the real
 * one): where the server's log goes without an error log file. Logback's console appender writes to whatever
 * {@code System.err} is at the time, from a thread of its own.
 */
public final class StandardError implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    /** logback.xml's appender for standard error, found while it is still on the root logger. */
    private final Appender<ILoggingEvent> logback;

    private StandardError() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        this.logback = root.getAppender("ASYNC_STDERR");
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (captured) {
                    captured.write(bytes, offset, length);
                }
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    public static StandardError capture() {
        return new StandardError();
    }

    /** Everything written so far. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Returns once logback's appender for standard error has written every line it was given before this call: a marker
     * goes through its queue after them.
     */
    public void awaitLogbackWritten() {
        String marker = "marker " + UUID.randomUUID();
        Logger logger = (Logger) LoggerFactory.getLogger(StandardError.class);
        logback.doAppend(new LoggingEvent(Logger.class.getName(), logger, Level.INFO, marker, null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> text().contains(marker));
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
