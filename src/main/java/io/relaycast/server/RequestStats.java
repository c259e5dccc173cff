package io.relaycast.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Requests the server refused, counted by HTTP status (and 0 for connections closed without an answer). */
public final class RequestStats {

    private final ConcurrentMap<Integer, LongAdder> rejected = new ConcurrentHashMap<>();

    public void rejected(int status) {
        rejected.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    public long rejectedCount(int status) {
        LongAdder counter = rejected.get(status);
        return counter == null ? 0 : counter.sum();
    }

    /** A snapshot, by status. */
    public Map<Integer, Long> snapshot() {
        Map<Integer, Long> copy = new TreeMap<>();
        rejected.forEach((status, count) -> copy.put(status, count.sum()));
        return copy;
    }
}
