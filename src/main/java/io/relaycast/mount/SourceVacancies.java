package io.relaycast.mount;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who waits for a mount's live source to leave, by path: a source that reconnects before the server has seen its old
 * connection end waits for that here, briefly, instead of being refused. By path, not by mount, so a waiter also hears
 * of a mount that is retired and made again while it waits.
 */
final class SourceVacancies {

    private final ConcurrentMap<String, Set<Runnable>> waiters = new ConcurrentHashMap<>();

    /** Runs {@code waiter} (on the mount's loop) each time the live source of {@code path} leaves, until cancelled. */
    Runnable await(String path, Runnable waiter) {
        waiters.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet()).add(waiter);
        return () -> waiters.computeIfPresent(path, (p, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many sources wait for {@code path} now. */
    int waiting(String path) {
        Set<Runnable> waiting = waiters.get(path);
        return waiting == null ? 0 : waiting.size();
    }

    void vacated(String path) {
        Set<Runnable> waiting = waiters.get(path);
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }
}
