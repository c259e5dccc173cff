package io.relaycast.server;

import io.relaycast.auth.AddressFilter;
import io.relaycast.auth.Authenticator;
import io.relaycast.config.ServerConfig;
import io.relaycast.listener.ListenerRegistry;
import io.relaycast.mount.MountRegistry;
import io.relaycast.playlist.JukeboxRegistry;

/**
 * The shared registries every connection works with, built once by {@link RelaycastServer} and handed down: nothing
 * here is static.
 */
public record ServerContext(
        ServerConfig config,
        MountRegistry mounts,
        ListenerRegistry listeners,
        Authenticator auth,
        RequestStats requests,
        JukeboxRegistry jukeboxes,
        AddressFilter addresses) {

    /** Letting every address in. */
    public ServerContext(ServerConfig config, MountRegistry mounts, ListenerRegistry listeners, Authenticator auth,
                         RequestStats requests, JukeboxRegistry jukeboxes) {
        this(config, mounts, listeners, auth, requests, jukeboxes, AddressFilter.NONE);
    }
}
