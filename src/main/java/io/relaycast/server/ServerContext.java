package io.relaycast.server;

import io.relaycast.auth.AddressFilter;
import io.relaycast.auth.Authenticator;
import io.relaycast.auth.TrustedProxies;
import io.relaycast.config.ServerConfig;
import io.relaycast.listener.ListenerRegistry;
import io.relaycast.mount.MountRegistry;
import io.relaycast.playlist.JukeboxRegistry;

/**
 * The shared registries every connection works with, built once by {@link RelaycastServer} and handed down: nothing
 * here is static. The config and the authenticator are those in force now: a config reload replaces them.
 */
public record ServerContext(
        LiveConfig live,
        MountRegistry mounts,
        ListenerRegistry listeners,
        RequestStats requests,
        JukeboxRegistry jukeboxes,
        AddressFilter addresses,
        TrustedProxies proxies,
        ConnectionGate gate) {

    /** Letting every address in, trusting no proxy, with a config that nothing reloads. */
    public ServerContext(ServerConfig config, MountRegistry mounts, ListenerRegistry listeners, Authenticator auth,
                         RequestStats requests, JukeboxRegistry jukeboxes) {
        this(new LiveConfig(config, auth), mounts, listeners, requests, jukeboxes, AddressFilter.NONE, TrustedProxies.NONE,
                new ConnectionGate());
    }

    /** The config in force. Read it again for each request rather than keeping it: a reload may replace it. */
    public ServerConfig config() {
        return live.config();
    }

    /** Who may do what under the config in force. */
    public Authenticator auth() {
        return live.auth();
    }
}
