package io.relaycast.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Icecast's URL listener authentication ({@code <authentication type="url">}): for each listener of the mount, the
 * station's web backend gets a form POST ({@code action=listener_add}, with server, port, client, mount, user, pass, ip
 * and agent, as Icecast sends them) and lets the listener in by answering with the header {@code icecast-auth-user: 1};
 * {@code icecast-auth-timelimit: N} ends the listening after N seconds, {@code icecast-auth-message} says why someone
 * was refused. When the listener leaves, {@code listener_remove} (with the seconds listened) goes to the remove URL.
 * Backends written for Icecast (subscription and pay-per-listen systems) work unchanged.
 *
 * <p>Never blocks: the answer completes a future, on the HTTP client's threads.
 */
public final class ListenerAuthUrl {

    /** The seconds {@link #remove} is told of a listener let in that never listened. */
    public static final long NEVER_LISTENED = -1;

    /**
     * The longest time limit a backend's answer sets; beyond it ("forever" to a script: 9999999999) is no limit, which
     * is what it means, and which no timer would hold.
     */
    static final Duration LONGEST_TIME_LIMIT = Duration.ofDays(3650);

    private static final Logger log = LoggerFactory.getLogger(ListenerAuthUrl.class);
    static final Duration TIMEOUT = BackendForms.TIMEOUT;

    /** What the backend decided: in or not, for how long, and what to tell someone refused. */
    public record Verdict(boolean allowed, Duration timeLimit, String message) {
    }

    /** The listener as the backend is told about it; {@code mount} is the address it asked for, query included. */
    public record Listener(long client, String mount, String server, int port, String user, String password, String ip,
                           String agent) {
    }

    private final URI addUrl;
    private final URI removeUrl;
    private final HttpClient http;
    private final BackendLine addLine;
    private final BackendLine removeLine;
    private final AtomicBoolean removeFailing = new AtomicBoolean();

    /** Asks at {@code addUrl} and tells at {@code removeUrl} (either may be null), through {@code lines}. */
    public ListenerAuthUrl(URI addUrl, URI removeUrl, HttpClient http, BackendLines lines) {
        this.addUrl = addUrl;
        this.removeUrl = removeUrl;
        this.http = http;
        this.addLine = addUrl == null ? null : lines.to(addUrl);
        this.removeLine = removeUrl == null ? null : lines.to(removeUrl);
    }

    /**
     * Asks the backend whether {@code listener} may listen, once its turn in the backend's line comes, if it is still
     * {@code waiting} then (else the future fails with a {@link java.util.concurrent.CancellationException}); a
     * backend that cannot be asked fails the future, and so does one with a full line ({@link BackendBusyException}).
     */
    public CompletableFuture<Verdict> add(Listener listener, BooleanSupplier waiting) {
        if (addUrl == null) {
            return CompletableFuture.completedFuture(new Verdict(true, null, ""));
        }
        return addLine.send(() -> BackendForms.send(http, BackendForms.post(addUrl, form("listener_add", listener, null)))
                .thenApply(ListenerAuthUrl::verdict), BackendLine.Kind.LISTENER, waiting);
    }

    /**
     * Tells the backend that {@code listener} left after {@code seconds}, or {@link #NEVER_LISTENED}; failures are
     * logged, nothing waits. One that never listened (a HEAD, one refused a place) is told of as 0 s only where the
     * backend let it in (listener_add), as Icecast tells of every client its backend let in: a backend with only a remove
     * URL never heard of it.
     */
    public void remove(Listener listener, long seconds) {
        if (removeUrl == null || seconds == NEVER_LISTENED && addUrl == null) {
            return;
        }
        HttpRequest notice = BackendForms.post(removeUrl, form("listener_remove", listener, Math.max(seconds, 0)));
        removeLine.send(() -> BackendForms.send(http, notice), BackendLine.Kind.NOTICE, () -> true)
                .whenComplete((response, failure) -> {
                    if (failure != null && removeFailing.compareAndSet(false, true)) {
                        log.warn("listener_remove to {} failed ({}); further failures are not logged until one works",
                                removeUrl.getHost(), failure.toString());
                    } else if (failure == null) {
                        removeFailing.set(false);
                    }
                });
    }

    static Verdict verdict(HttpResponse<?> response) {
        boolean allowed = response.headers().firstValue("icecast-auth-user").map(String::trim).filter("1"::equals)
                .isPresent();
        Duration limit = response.headers().firstValue("icecast-auth-timelimit").flatMap(ListenerAuthUrl::seconds)
                .orElse(null);
        String message = response.headers().firstValue("icecast-auth-message").orElse("");
        return new Verdict(allowed, limit, message);
    }

    /**
     * A time limit given as seconds: none when negative or beyond {@link #LONGEST_TIME_LIMIT}. 0 ends the listening at
     * once, as in Icecast (its limit is "now plus N seconds"): a pay-per-listen backend with no credit left sends 0.
     */
    private static Optional<Duration> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 && seconds <= LONGEST_TIME_LIMIT.toSeconds() ? Optional.of(Duration.ofSeconds(seconds))
                    : Optional.empty();
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    static String form(String action, Listener listener, Long duration) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("action", action);
        fields.put("server", listener.server());
        fields.put("port", Integer.toString(listener.port()));
        fields.put("client", Long.toString(listener.client()));
        fields.put("mount", listener.mount());
        fields.put("user", listener.user());
        fields.put("pass", listener.password());
        if (duration != null) {
            fields.put("duration", Long.toString(duration));
        }
        fields.put("ip", listener.ip());
        fields.put("agent", listener.agent());
        return BackendForms.encoded(fields);
    }
}
