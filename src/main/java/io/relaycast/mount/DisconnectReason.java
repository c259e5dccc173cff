package io.relaycast.mount;

import java.util.Locale;

/** Why a listener's connection ended; counted per mount. */
public enum DisconnectReason {
    /** The listener closed the connection or it broke. */
    CLIENT_CLOSED,
    /** The listener read too slowly and fell off the end of the mount's queue. */
    SLOW,
    /** The listener stopped reading entirely for longer than the listener timeout. */
    STALLED,
    /** It reached its mount's {@code max-listener-duration}. */
    TIME_LIMIT,
    /** An admin kicked it. */
    KICKED,
    /** Its user logged in again on the mount, which lets each user listen once and drops the older connection. */
    REPLACED,
    /** An admin moved it to another mount ({@code moveclients}): it left this one and listens on there. */
    MOVED,
    /** The mount was removed. */
    MOUNT_GONE,
    /** The server shut down. */
    SERVER_SHUTDOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
