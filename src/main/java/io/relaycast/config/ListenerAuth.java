package io.relaycast.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * Who may listen to a mount, as Icecast's per-mount {@code <authentication>}: the users of an htpasswd file, and/or the
 * station's web backend asked for each listener (Icecast's {@code type="url"}: {@code listener_add} must answer
 * {@code icecast-auth-user: 1}, {@code listener_remove} is told when the listener leaves).
 *
 * @param usersFile  users and password hashes in Icecast's htpasswd format, or null
 * @param addUrl     the backend's {@code listener_add} URL, or null
 * @param removeUrl  the backend's {@code listener_remove} URL, or null
 * @param duplicateUsers whether one user may listen on more than one connection at once (Icecast's
 *                   {@code allow_duplicate_users}, 1 by default): with false, a user already listening to the mount is
 *                   refused a second place (an account shared around)
 * @param dropExisting with {@code duplicateUsers} false, whether a user who logs in again takes the place of their
 *                   connection already listening, which is closed, instead of being refused (Icecast-KH's
 *                   {@code drop_existing_listener}): a player that reconnected from another network while the server
 *                   still holds its old connection gets in at once
 */
public record ListenerAuth(Path usersFile, URI addUrl, URI removeUrl, boolean duplicateUsers, boolean dropExisting) {

    /** Anybody may listen. */
    public static final ListenerAuth OPEN = new ListenerAuth(null, null, null);

    public ListenerAuth {
        requireHttpUrl("listener-add-url", addUrl);
        requireHttpUrl("listener-remove-url", removeUrl);
        if (dropExisting && duplicateUsers) {
            throw new IllegalArgumentException("drop-existing-listener needs allow-duplicate-users: false (while a user "
                    + "may listen on several connections, no connection is dropped for a new one)");
        }
    }

    /** Each user refused a second connection ({@code duplicateUsers} false), or not. */
    public ListenerAuth(Path usersFile, URI addUrl, URI removeUrl, boolean duplicateUsers) {
        this(usersFile, addUrl, removeUrl, duplicateUsers, false);
    }

    /** Refuses a {@code url} (null is fine) that is not an {@code http://} or {@code https://} URL with a host. */
    static void requireHttpUrl(String what, URI url) {
        if (url != null && (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null)) {
            throw new IllegalArgumentException(what + " must be an http:// or https:// URL with a host: " + url);
        }
    }

    /** One user may listen on several connections. */
    public ListenerAuth(Path usersFile, URI addUrl, URI removeUrl) {
        this(usersFile, addUrl, removeUrl, true);
    }

    public static ListenerAuth usersFile(Path file) {
        return new ListenerAuth(file, null, null);
    }

    public boolean isOpen() {
        return usersFile == null && addUrl == null;
    }
}
