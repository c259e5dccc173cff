package io.relaycast.mount;

import io.relaycast.http.Credentials;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * A connected live encoder holding a mount. Identity matters: only the holder may feed or release the mount.
 *
 * @param remote    the encoder's address, for logs
 * @param userAgent what the encoder called itself
 * @param since     when it connected
 * @param info      the stream description it sent
 * @param closer    closes the encoder's connection (admin killsource, shutdown)
 * @param relay     whether this server pulls it from an origin (a relay) rather than an encoder pushing it
 * @param login     the user and password a web backend let it stream with ({@code source-auth-url}), or null: its title
 *                  updates come with the same
 */
public record LiveSource(SocketAddress remote, String userAgent, Instant since, StreamInfo info, Runnable closer,
                         boolean relay, Credentials login) {

    /** An encoder that connected to push its audio, with the mount's password. */
    public LiveSource(SocketAddress remote, String userAgent, Instant since, StreamInfo info, Runnable closer) {
        this(remote, userAgent, since, info, closer, false, null);
    }

    /** An encoder with the mount's password, or a relay. */
    public LiveSource(SocketAddress remote, String userAgent, Instant since, StreamInfo info, Runnable closer,
                      boolean relay) {
        this(remote, userAgent, since, info, closer, relay, null);
    }

    /** Whether a web backend let this source stream with {@code credentials}. */
    public boolean loggedInAs(Optional<Credentials> credentials) {
        return login != null && credentials.filter(given -> given.matches(login.user(), login.password())).isPresent();
    }

    public void disconnect() {
        closer.run();
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
