package io.relaycast.server;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/** Requests the server refused, counted by HTTP status (and 0 for connections closed without an answer). */
public final class RequestStats {

    private final ConcurrentMap<Integer, LongAdder> rejected = new ConcurrentHashMap<>();
    private final List<IntConsumer> newStatusHooks = new CopyOnWriteArrayList<>();

    public void rejected(int status) {
        LongAdder counter = rejected.get(status);
        if (counter == null) {
            LongAdder created = new LongAdder();
            counter = rejected.putIfAbsent(status, created);
            if (counter == null) {
                counter = created;
                newStatusHooks.forEach(hook -> hook.accept(status));
            }
        }
        counter.increment();
    }

    /** Runs once for each status rejected for the first time from now on (metrics bind a counter for it). */
    public void onNewStatus(IntConsumer hook) {
        newStatusHooks.add(hook);
    }

    /** The statuses rejected so far. */
    public Set<Integer> statuses() {
        return Set.copyOf(rejected.keySet());
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
