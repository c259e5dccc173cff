package io.relaycast.server;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * What the server counts of the connections and requests it takes: those it refused, by HTTP status (and 0 for
 * connections closed without an answer), and Icecast's connection counters of its admin stats.
 */
public final class RequestStats {

    private final ConcurrentMap<Integer, LongAdder> rejected = new ConcurrentHashMap<>();
    private final List<IntConsumer> newStatusHooks = new CopyOnWriteArrayList<>();
    private final LongAdder open = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder clientConnections = new LongAdder();
    private final LongAdder filesServed = new LongAdder();

    /** A connection was accepted; it counts as open until it closes, whether it is let in or answered and closed. */
    public void connectionAccepted(Channel channel) {
        open.increment();
        channel.closeFuture().addListener(closed -> open.decrement());
    }

    /** An accepted connection was let in (by the address lists and the connection limits). */
    public void connectionOpened() {
        connections.increment();
    }

    /** A connection's first request was not a source's (a listener, status, admin, a page): Icecast's client. */
    public void clientConnection() {
        clientConnections.increment();
    }

    /** A file of the web pages was served (Icecast counts the files of its web root). */
    public void fileServed() {
        filesServed.increment();
    }

    /** Icecast's {@code clients}: connections open now, of every kind (sources, listeners, requests being answered). */
    public long openConnections() {
        return open.sum();
    }

    /** Icecast's {@code connections}: connections accepted since the server started. */
    public long connections() {
        return connections.sum();
    }

    /** Icecast's {@code client_connections}: accepted connections that were not sources. */
    public long clientConnections() {
        return clientConnections.sum();
    }

    /** Icecast's {@code file_connections}: web page files served. */
    public long filesServed() {
        return filesServed.sum();
    }

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
