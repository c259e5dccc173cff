package io.relaycast.listener;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every connected listener by id, for admin commands (list, kick, move) and the server-wide listener limit; and the
 * logins they listen with on each mount.
 */
public final class ListenerRegistry {

    private final ConcurrentMap<Long, ListenerHandler> listeners = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicInteger reserved = new AtomicInteger();
    private final ListenerLogins logins = new ListenerLogins();

    /** The user names listeners logged in with, per mount (Icecast's {@code allow_duplicate_users}). */
    public ListenerLogins logins() {
        return logins;
    }

    /** Takes one of {@code max} listener places; false when all are taken. */
    public boolean tryReserve(int max) {
        while (true) {
            int now = reserved.get();
            if (now >= max) {
                return false;
            }
            if (reserved.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public int count() {
        return reserved.get();
    }

    /** How many listeners connected since the server started (each one registered once). */
    public long connectionsSinceStart() {
        return connections.get();
    }

    /**
     * The next listener id, taken when a listener's request arrives: its authentication backend is told it as the client
     * number, and admin commands find it by it, as with Icecast. Requests refused before listening leave gaps.
     */
    long newId() {
        return ids.incrementAndGet();
    }

    /**
     * Counts a listener that starts listening; returns its number among the listeners started (1, 2, 3, ...), which,
     * unlike its id, the requests that never became listeners leave no gaps in.
     */
    long countStarted() {
        return connections.incrementAndGet();
    }

    void register(long id, ListenerHandler listener) {
        listeners.put(id, listener);
    }

    void unregister(long id) {
        if (listeners.remove(id) != null) {
            reserved.decrementAndGet();
        }
    }

    void releaseReservation() {
        reserved.decrementAndGet();
    }

    public ListenerHandler find(long id) {
        return listeners.get(id);
    }

    /** The listeners currently on {@code mountPath}, oldest first. */
    public List<ListenerHandler> onMount(String mountPath) {
        List<ListenerHandler> found = new ArrayList<>();
        for (ListenerHandler listener : listeners.values()) {
            if (listener.mountPath().equals(mountPath)) {
                found.add(listener);
            }
        }
        found.sort(Comparator.comparingLong(ListenerHandler::id));
        return found;
    }

    public List<ListenerHandler> all() {
        List<ListenerHandler> found = new ArrayList<>(listeners.values());
        found.sort(Comparator.comparingLong(ListenerHandler::id));
        return found;
    }
}
