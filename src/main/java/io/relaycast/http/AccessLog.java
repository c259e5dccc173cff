package io.relaycast.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.relaycast.logs.LineFile;
import io.relaycast.logs.LinesLeftOut;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per finished listener, source, relay connection or file download, and per answer of the HTTP layer
 * ({@link AccessLogHandler}), in the combined log format plus the seconds connected, as Icecast writes it:
 * {@code host - user [time] "request" status bytes "referer" "user-agent" seconds}. The lines go to the file the config
 * in force names ({@code access-log}, Icecast's {@code <accesslog>}) as a {@link LineFile}, opened
 * again after each reload for logrotate; without one, and while the file cannot be written, to the logger
 * {@code relaycast.access} (standard output).
 *
 * <p>A server's connections find its access log by {@link #of}.
 */
public final class AccessLog implements AutoCloseable, LinesLeftOut {

    /** Where the lines go without a file: standard output (see logback.xml). */
    private static final Logger STANDARD_OUTPUT = LoggerFactory.getLogger("relaycast.access");
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    /** The server's access log, on each of its connections. */
    public static final AttributeKey<AccessLog> KEY = AttributeKey.valueOf(AccessLog.class, "accessLog");
    /** Lines waiting for the disk: 12,000 listeners leaving at once fit, with room. More are left out and counted. */
    static final int MAX_PENDING_LINES = 100_000;
    /**
     * The values of the query parameters that carry passwords: SHOUTcast encoders' {@code /admin.cgi?pass=} (every track
     * change), {@code /admin/manageauth?password=}.
     */
    private static final Pattern PASSWORD = Pattern.compile("([?&](?:pass|password)=)[^&\\s]*", Pattern.CASE_INSENSITIVE);
    /** Where a connection of no server's (a test's) writes: the logger. */
    private static final AccessLog TO_LOGGER = new AccessLog(() -> null);

    private final Supplier<Path> file;
    private final LineFile lines = new LineFile("access log", log, STANDARD_OUTPUT::info, MAX_PENDING_LINES);

    /** Writes to {@code file} (null: to the logger {@code relaycast.access}) as it is at each line. */
    public AccessLog(Supplier<Path> file) {
        this.file = file;
    }

    /** The access log of the server {@code channel} belongs to. */
    public static AccessLog of(Channel channel) {
        AccessLog own = channel.attr(KEY).get();
        return own != null ? own : TO_LOGGER;
    }

    /**
     * @param entry what to write; {@code seconds} is how long the client was connected
     */
    public void write(Entry entry) {
        Path where = file.get();
        if (where != null) {
            lines.append(where, line(entry));
        } else if (STANDARD_OUTPUT.isInfoEnabled()) {
            STANDARD_OUTPUT.info(line(entry));
        }
    }

    @Override
    public long leftOutLines() {
        return lines.leftOutLines();
    }

    static String line(Entry entry) {
        return host(entry.remote()) + " - " + dash(entry.user()) + " [" + TIME.format(entry.time()) + "] \""
                + masked(entry.requestLine()) + "\" " + entry.status() + " " + entry.bytes() + " \"" + dash(entry.referer())
                + "\" \"" + dash(entry.userAgent()) + "\" " + entry.seconds();
    }

    /** Closes the file once the lines before are written, so the next line opens it again by its name (logrotate). */
    public void reopen() {
        lines.reopen();
    }

    /** Writes what is waiting, then closes the file. */
    @Override
    public void close() {
        lines.close();
    }

    /** {@code requestLine} with the passwords in its query string replaced by {@code ***}: the log is no place for them. */
    static String masked(String requestLine) {
        return PASSWORD.matcher(requestLine).replaceAll("$1***");
    }

    private static String host(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(remote);
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value.replace("\"", "\\\"");
    }

    /** One access log line's fields. */
    public record Entry(SocketAddress remote, String user, ZonedDateTime time, String requestLine, int status, long bytes,
                        String referer, String userAgent, long seconds) {
    }
}
