package io.relaycast.mount;

import java.net.SocketAddress;
import java.time.Instant;

/**
 * A connected live encoder holding a mount. Identity matters: only the holder may feed or release the mount.
 *
 * @param remote    the encoder's address, for logs
 * @param userAgent what the encoder called itself
 * @param since     when it connected
 * @param info      the stream description it sent
 * @param closer    closes the encoder's connection (admin killsource, shutdown)
 * @param relay     whether this server pulls it from an origin (a relay) rather than an encoder pushing it
 */
public record LiveSource(SocketAddress remote, String userAgent, Instant since, StreamInfo info, Runnable closer,
                         boolean relay) {

    /** An encoder that connected to push its audio. */
    public LiveSource(SocketAddress remote, String userAgent, Instant since, StreamInfo info, Runnable closer) {
        this(remote, userAgent, since, info, closer, false);
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
