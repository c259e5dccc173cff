package io.relaycast.mount;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who waits for a mount's live source to leave, by path: a source that reconnects before the server has seen its old
 * connection end waits for that here, briefly, instead of being refused. By path, not by mount, so a waiter also hears
 * of a mount that is retired and made again while it waits. Each waiter's address is kept, to tell whose a title update
 * sent meanwhile may be.
 */
final class SourceVacancies {

    private final ConcurrentMap<String, ConcurrentMap<Runnable, SocketAddress>> waiters = new ConcurrentHashMap<>();

    /**
     * Runs {@code waiter} (on the mount's loop) each time the live source of {@code path} leaves, until cancelled;
     * {@code from} is the waiting source's address.
     */
    Runnable await(String path, SocketAddress from, Runnable waiter) {
        waiters.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(waiter, from);
        return () -> waiters.computeIfPresent(path, (p, waiting) -> {
            waiting.remove(waiter);
            return waiting.isEmpty() ? null : waiting;
        });
    }

    /** How many sources wait for {@code path} now. */
    int waiting(String path) {
        ConcurrentMap<Runnable, SocketAddress> waiting = waiters.get(path);
        return waiting == null ? 0 : waiting.size();
    }

    /** Whether a source waiting for {@code path} now connected from the host of {@code address}. */
    boolean waitsFrom(String path, SocketAddress address) {
        ConcurrentMap<Runnable, SocketAddress> waiting = waiters.get(path);
        return waiting != null && waiting.values().stream().anyMatch(from -> sameHost(from, address));
    }

    /** Whether {@code one} and {@code other} are addresses of the same host (any port). */
    static boolean sameHost(SocketAddress one, SocketAddress other) {
        return one instanceof InetSocketAddress first && other instanceof InetSocketAddress second
                && Objects.equals(first.getAddress(), second.getAddress());
    }

    void vacated(String path) {
        ConcurrentMap<Runnable, SocketAddress> waiting = waiters.get(path);
        if (waiting != null) {
            waiting.keySet().forEach(Runnable::run);
        }
    }
}
