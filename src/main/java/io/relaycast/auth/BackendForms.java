package io.relaycast.auth;

import io.relaycast.http.Credentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The form POSTs Icecast sends a station's web backend (URL authentication, its notifications): form-encoded fields,
 * the URL's {@code user:password@}, if any, as Basic credentials, and a short timeout. Stream directories are sent
 * their forms through {@link #sendOnce}, for its timeout on the whole answer without the resend.
 */
public final class BackendForms {

    /** How long a backend may take to answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private BackendForms() {
    }

    /**
     * An HTTP client for these requests: its own daemon threads, a short connect timeout, no redirects, and HTTP/1.1, as
     * libcurl asks for Icecast: the JDK's default would offer every new {@code http://} connection an upgrade to HTTP/2
     * ({@code Upgrade: h2c}), which some backends and the proxies in front of them refuse.
     */
    public static HttpClient client() {
        return client(TIMEOUT);
    }

    /**
     * As {@link #client()}, with {@code timeout} instead of {@link #TIMEOUT} to connect and for each answer (its connect
     * timeout is what {@link #send} reads): for tests whose backends hold their answers on purpose.
     */
    public static HttpClient client(Duration timeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends {@code request} and discards the body; a request whose connection died before any answer came (the backend
     * closed a kept-alive connection as it was reused: "header parser received no bytes", a reset) is sent once more on
     * a fresh connection, as libcurl, which Icecast asks through, does. A backend too slow to answer is not asked
     * twice; nor is one whose answer, body included, is not complete within {@link #TIMEOUT} (or the timeout {@code http}
     * was made with by {@link #client(Duration)}): it fails with an {@link HttpTimeoutException}.
     */
    public static CompletableFuture<HttpResponse<Void>> send(HttpClient http, HttpRequest request) {
        return sendOnce(http, request).handle((response, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(response);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure;
            if (cause instanceof IOException && !(cause instanceof HttpTimeoutException)) {
                return sendOnce(http, request);
            }
            return CompletableFuture.<HttpResponse<Void>>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    /**
     * One exchange, given up (and cancelled) when its answer is not complete within {@link #TIMEOUT} (or the timeout
     * {@code http} was made with), never sent again: for a request that must not be done twice, a stream directory's
     * {@code add} whose answer was lost after the directory listed the mount. The request's own timeout covers the
     * answer's head only: a backend that sends its head and then stalls in the body would otherwise keep the listener,
     * source or directory thread waiting on it forever.
     */
    public static CompletableFuture<HttpResponse<Void>> sendOnce(HttpClient http, HttpRequest request) {
        Duration timeout = http.connectTimeout().orElse(TIMEOUT);
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(
                HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build(),
                HttpResponse.BodyHandlers.discarding());
        return exchange.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(failure -> {
            if (!(failure instanceof TimeoutException)) {
                return CompletableFuture.failedFuture(failure);
            }
            exchange.cancel(true);
            return CompletableFuture.failedFuture(new HttpTimeoutException("no complete answer within "
                    + timeout.toSeconds() + " s"));
        });
    }

    /** A POST of {@code fields} to {@code url}. */
    public static HttpRequest post(URI url, Map<String, String> fields) {
        return post(url, encoded(fields));
    }

    /** A POST of {@code form}, already encoded, to {@code url}. */
    static HttpRequest post(URI url, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", "relaycast")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (url.getUserInfo() != null) {
            request.header("Authorization", Credentials.basicAuthorization(url.getUserInfo()));
        }
        return request.build();
    }

    /** {@code fields} as {@code application/x-www-form-urlencoded}, in order. */
    static String encoded(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The backend's address for the logs: scheme, host and port, never its credentials. */
    public static String where(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private static URI withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        return URI.create(url.toString().replace(url.getRawUserInfo() + "@", ""));
    }
}
