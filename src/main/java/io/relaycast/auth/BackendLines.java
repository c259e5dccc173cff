package io.relaycast.auth;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link BackendLine} to each authentication backend, by scheme, host and port: a station's one web backend is
 * asked through one line, whichever mounts name it and however often the config is reloaded (each reload makes new
 * {@link ListenerAuthUrl}s and {@link SourceAuthUrl}s, which must not each bring another eight requests at once).
 * Made once per server.
 */
public final class BackendLines {

    private final ConcurrentMap<String, BackendLine> lines = new ConcurrentHashMap<>();

    /** The line to the backend at {@code url}. */
    BackendLine to(URI url) {
        return lines.computeIfAbsent(BackendForms.where(url), BackendLine::new);
    }
}
