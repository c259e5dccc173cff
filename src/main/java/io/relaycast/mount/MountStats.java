package io.relaycast.mount;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A mount's own counters, updated where things happen and read by the metrics binders: one bookkeeping, no copies.
 */
public final class MountStats {

    private final AtomicLong currentListeners = new AtomicLong();
    private final AtomicLong listenerPeak = new AtomicLong();
    private final LongAdder listenerConnects = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder sourceConnects = new LongAdder();
    private final LongAdder sourceTimeouts = new LongAdder();
    private final LongAdder metadataUpdates = new LongAdder();
    private final LongAdder switches = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder resyncDropped = new LongAdder();
    private final Map<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);
    private final LongAdder listeningNanos = new LongAdder();
    private final LongAdder firstByteNanos = new LongAdder();
    private final LongAdder firstBytes = new LongAdder();
    private final RelayLatency relayLatency = new RelayLatency();

    public MountStats() {
        for (DisconnectReason reason : DisconnectReason.values()) {
            disconnects.put(reason, new LongAdder());
        }
    }

    public void listenerConnected() {
        listenerConnects.increment();
        long now = currentListeners.incrementAndGet();
        listenerPeak.accumulateAndGet(now, Math::max);
    }

    public void listenerDisconnected(DisconnectReason reason, long connectedNanos) {
        currentListeners.decrementAndGet();
        disconnects.get(reason).increment();
        listeningNanos.add(connectedNanos);
        if (reason == DisconnectReason.SLOW || reason == DisconnectReason.STALLED) {
            evictions.increment();
        }
    }

    /** A listener moved to another mount by an admin: it leaves this one without disconnecting. */
    public void listenerMovedAway() {
        currentListeners.decrementAndGet();
    }

    /** Time from a listener's request to its first audio byte written. */
    public void firstByteSent(long nanos) {
        firstByteNanos.add(nanos);
        firstBytes.increment();
    }

    /** Source arrival to departure to listeners, per chunk and event loop. */
    public RelayLatency relayLatency() {
        return relayLatency;
    }

    public long disconnects(DisconnectReason reason) {
        return disconnects.get(reason).sum();
    }

    public long listeningNanos() {
        return listeningNanos.sum();
    }

    public long firstByteNanosTotal() {
        return firstByteNanos.sum();
    }

    public long firstByteCount() {
        return firstBytes.sum();
    }

    public void bytesSent(long count) {
        bytesSent.add(count);
    }

    public void frameReceived(int bytes) {
        framesReceived.increment();
        bytesReceived.add(bytes);
    }

    public void sourceConnected() {
        sourceConnects.increment();
    }

    public void sourceTimedOut() {
        sourceTimeouts.increment();
    }

    public void resyncDropped(long bytes) {
        resyncDropped.add(bytes);
    }

    public void metadataUpdated() {
        metadataUpdates.increment();
    }

    public void switched() {
        switches.increment();
    }

    public long currentListeners() {
        return currentListeners.get();
    }

    public long listenerPeak() {
        return listenerPeak.get();
    }

    public long listenerConnects() {
        return listenerConnects.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long framesReceived() {
        return framesReceived.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long sourceConnects() {
        return sourceConnects.sum();
    }

    public long sourceTimeouts() {
        return sourceTimeouts.sum();
    }

    public long metadataUpdates() {
        return metadataUpdates.sum();
    }

    public long switches() {
        return switches.sum();
    }

    public long evictions() {
        return evictions.sum();
    }

    /** Bytes that sources sent but that were not whole valid frames (junk, tags, cut frames). */
    public long resyncDropped() {
        return resyncDropped.sum();
    }
}
