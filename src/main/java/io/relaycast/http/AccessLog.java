package io.relaycast.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per finished listener or source, in the combined log format plus the seconds connected, as Icecast writes
 * it: {@code host - user [time] "request" status bytes "referer" "user-agent" seconds}.
 */
public final class AccessLog {

    private static final Logger log = LoggerFactory.getLogger("relaycast.access");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private AccessLog() {
    }

    /**
     * @param entry what to write; {@code seconds} is how long the client was connected
     */
    public static void write(Entry entry) {
        if (!log.isInfoEnabled()) {
            return;
        }
        log.info("{} - {} [{}] \"{}\" {} {} \"{}\" \"{}\" {}", host(entry.remote()), dash(entry.user()),
                TIME.format(entry.time()), entry.requestLine(), entry.status(), entry.bytes(), dash(entry.referer()),
                dash(entry.userAgent()), entry.seconds());
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
