package io.relaycast.listener;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The user names listeners logged in with, and how many connections each has on each mount, so that a mount letting
 * each user listen once (Icecast's {@code allow_duplicate_users 0}) checks and counts a login in one step: two
 * connections of one account arriving at once on two event loops never both get in. Where the newest login takes over
 * instead (Icecast-KH's {@code drop_existing_listener}), each login is numbered, so that of two arriving at once the
 * older one knows it lost even when it starts listening last. Any thread.
 */
public final class ListenerLogins {

    private record Login(String mount, String user) {
    }

    /** How many connections a login has on a mount, and the number of its newest login that takes over (0: none yet). */
    private record Connections(int count, long newest) {
    }

    private final ConcurrentMap<Login, Connections> connections = new ConcurrentHashMap<>();
    private final AtomicLong logins = new AtomicLong();

    /**
     * Counts a connection of {@code user} (null: no login, nothing counted) on {@code mount}, unless {@code once} and it
     * has one there already: then false, and nothing counted. Give it back with {@link #leave}.
     */
    public boolean tryTake(String mount, String user, boolean once) {
        if (user == null) {
            return true;
        }
        boolean[] taken = new boolean[1];
        connections.compute(new Login(mount, user), (login, now) -> {
            if (now == null) {
                taken[0] = true;
                return new Connections(1, 0);
            }
            taken[0] = !once;
            return once ? now : new Connections(now.count() + 1, now.newest());
        });
        return taken[0];
    }

    /** Counts a connection of {@code user} (null: none) on {@code mount} however many it has: the admin's, one moved. */
    public void take(String mount, String user) {
        tryTake(mount, user, false);
    }

    /**
     * Counts a connection of {@code user} on {@code mount} as the login that takes over from every connection the user
     * has there: returns its number, greater than that of every login before it. Give it back with {@link #leave}.
     */
    public long takeOver(String mount, String user) {
        long number = logins.incrementAndGet();
        connections.merge(new Login(mount, user), new Connections(1, number),
                (now, one) -> new Connections(now.count() + 1, Math.max(now.newest(), number)));
        return number;
    }

    /** Whether login {@code number} of {@code user} on {@code mount} (from {@link #takeOver}) is the newest there. */
    public boolean isNewest(String mount, String user, long number) {
        Connections now = connections.get(new Login(mount, user));
        return now == null || now.newest() <= number;
    }

    /** Gives back a connection of {@code user} (null: none) counted on {@code mount}. */
    public void leave(String mount, String user) {
        if (user != null) {
            connections.computeIfPresent(new Login(mount, user),
                    (login, now) -> now.count() == 1 ? null : new Connections(now.count() - 1, now.newest()));
        }
    }
}
