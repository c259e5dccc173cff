package io.relaycast.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Icecast's URL source authentication ({@code stream_auth}): the station's web backend decides who may stream to a
 * mount, so that each DJ can have a login of their own. For each encoder it gets a form POST
 * ({@code action=stream_auth}, with mount, ip, server, port, user and pass, as Icecast sends them) and lets the encoder
 * on air by answering with the header {@code icecast-auth-user: 1}; {@code icecast-auth-message} says why one was
 * refused. Backends written for Icecast work unchanged.
 *
 * <p>Never blocks: the answer completes a future, on the HTTP client's threads.
 */
public final class SourceAuthUrl {

    /** The encoder as the backend is told about it. */
    public record Source(String mount, String ip, String server, int port, String user, String password) {
    }

    private final URI url;
    private final HttpClient http;
    private final BackendLine line;

    /** Asks at {@code url}, through {@code lines}. */
    public SourceAuthUrl(URI url, HttpClient http, BackendLines lines) {
        this.url = url;
        this.http = http;
        this.line = lines.to(url);
    }

    /**
     * Asks the backend whether {@code source} may stream, once its turn in the backend's line comes, if it is still
     * {@code waiting} then (else the future fails with a {@link java.util.concurrent.CancellationException}); a backend
     * that cannot be asked fails the future, and so does one with a full line of sources ({@link BackendBusyException}):
     * sources wait in a line of their own, ahead of the listeners.
     */
    public CompletableFuture<ListenerAuthUrl.Verdict> allows(Source source, BooleanSupplier waiting) {
        return line.send(() -> BackendForms.send(http, BackendForms.post(url, form(source))).thenApply(ListenerAuthUrl::verdict),
                BackendLine.Kind.SOURCE, waiting);
    }

    static String form(Source source) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("action", "stream_auth");
        fields.put("mount", source.mount());
        fields.put("ip", source.ip());
        fields.put("server", source.server());
        fields.put("port", Integer.toString(source.port()));
        fields.put("user", source.user());
        fields.put("pass", source.password());
        return BackendForms.encoded(fields);
    }
}
