package io.relaycast.admin;

import io.relaycast.http.Credentials;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.server.ServerContext;
import java.util.Optional;

/**
 * Who may update a mount's title or run its own admin commands besides the admin: its sources' user and password, or,
 * on a mount whose web backend decides about sources ({@code source-auth-url}), the user and password the live source
 * was let in with, which its encoder sends its title updates with.
 */
final class SourceCredentials {

    private SourceCredentials() {
    }

    static boolean mayControl(ServerContext context, Optional<Credentials> credentials, String mount) {
        if (context.auth().maySource(credentials, mount)) {
            return true;
        }
        Mount found = context.mounts().find(mount);
        LiveSource live = found == null ? null : found.liveSource();
        return live != null && live.loggedInAs(credentials);
    }
}
