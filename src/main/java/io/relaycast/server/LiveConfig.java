package io.relaycast.server;

import io.relaycast.auth.Authenticator;
import io.relaycast.config.ServerConfig;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The config in force and the authenticator built from it, replaced together in one step by a config reload. Code that
 * runs per request or per connection reads them here (through {@link ServerContext}), so a reload applies from the
 * next request on, and no request ever sees one config's passwords with another's limits.
 */
public final class LiveConfig {

    private record InForce(ServerConfig config, Authenticator auth) {
    }

    private final AtomicReference<InForce> current;

    public LiveConfig(ServerConfig config, Authenticator auth) {
        this.current = new AtomicReference<>(new InForce(config, auth));
    }

    public ServerConfig config() {
        return current.get().config();
    }

    public Authenticator auth() {
        return current.get().auth();
    }

    /** From now on, {@code config} and {@code auth} are in force. */
    public void replace(ServerConfig config, Authenticator auth) {
        current.set(new InForce(config, auth));
    }
}
