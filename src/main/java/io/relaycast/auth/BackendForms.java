package io.relaycast.auth;

import io.relaycast.http.Credentials;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The form POSTs Icecast sends a station's web backend (URL authentication, its notifications): form-encoded fields,
 * the URL's {@code user:password@}, if any, as Basic credentials, and a short timeout.
 */
public final class BackendForms {

    /** How long a backend may take to answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private BackendForms() {
    }

    /** An HTTP client for these requests: its own daemon threads, a short connect timeout, no redirects. */
    public static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
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
