package io.relaycast.listener;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The user names listeners logged in with, and how many connections each has on each mount, so that a mount letting
 * each user listen once (Icecast's {@code allow_duplicate_users 0}) checks and counts a login in one step: two
 * connections of one account arriving at once on two event loops never both get in. Any thread.
 */
public final class ListenerLogins {

    private record Login(String mount, String user) {
    }

    private final ConcurrentMap<Login, Integer> connections = new ConcurrentHashMap<>();

    /**
     * Counts a connection of {@code user} (null: no login, nothing counted) on {@code mount}, unless {@code once} and it
     * has one there already: then false, and nothing counted. Give it back with {@link #leave}.
     */
    public boolean tryTake(String mount, String user, boolean once) {
        if (user == null) {
            return true;
        }
        boolean[] taken = new boolean[1];
        connections.compute(new Login(mount, user), (login, count) -> {
            if (count == null) {
                taken[0] = true;
                return 1;
            }
            taken[0] = !once;
            return once ? count : count + 1;
        });
        return taken[0];
    }

    /** Counts a connection of {@code user} (null: none) on {@code mount} however many it has: the admin's, one moved. */
    public void take(String mount, String user) {
        tryTake(mount, user, false);
    }

    /** Gives back a connection of {@code user} (null: none) counted on {@code mount}. */
    public void leave(String mount, String user) {
        if (user != null) {
            connections.computeIfPresent(new Login(mount, user), (login, count) -> count == 1 ? null : count - 1);
        }
    }
}
