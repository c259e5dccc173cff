package io.relaycast.auth;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Notices waiting their turn for a web backend, at most a given number: past it the oldest are dropped, so that the
 * latest, which say how things stand now, are those sent when the backend catches up. It counts what it drops for its
 * owner to log. Not thread-safe: its owner guards it.
 *
 * @param <T> a notice
 */
public final class NoticeBacklog<T> {

    private final Deque<T> waiting = new ArrayDeque<>();
    private final int max;
    private long dropped;

    /** A backlog of at most {@code max} notices. */
    public NoticeBacklog(int max) {
        this.max = max;
    }

    /**
     * Adds {@code notice} last, dropping the oldest when {@code max} wait already; true when that drop is the first
     * since {@link #takeDropped}, for the owner to warn that the backend is behind.
     */
    public boolean add(T notice) {
        boolean firstDrop = false;
        if (waiting.size() >= max) {
            waiting.poll();
            firstDrop = dropped++ == 0;
        }
        waiting.add(notice);
        return firstDrop;
    }

    /** The oldest notice waiting, taken out; or null. */
    public T poll() {
        return waiting.poll();
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** How many notices were dropped since the last call. */
    public long takeDropped() {
        long count = dropped;
        dropped = 0;
        return count;
    }
}
