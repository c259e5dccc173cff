package io.relaycast.mount;

import io.netty.channel.EventLoop;
import io.relaycast.config.BurstSize;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's view of a mount's recent audio: the shared log of chunks (each retained once for this loop)
 * and the listeners of that loop, which are cursors into it. Everything here runs on {@link #loop()} only, so
 * listeners read and advance without locks; the mount hands each new chunk over with one task per loop.
 */
public final class LoopFeed {

    private final EventLoop loop;
    private final long capacityBytes;
    private final ChunkRing chunks = new ChunkRing();
    private final List<FeedListener> listeners = new ArrayList<>();
    private final MountStats stats;
    private long firstSequence;
    private long newestWritten = -1;
    private long bytes;
    private long oldestDeparted = Long.MAX_VALUE;
    private boolean closed;

    LoopFeed(EventLoop loop, long capacityBytes, MountStats stats) {
        this.loop = loop;
        this.capacityBytes = capacityBytes;
        this.stats = stats;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Sequence number of the oldest chunk still held; a cursor below it has fallen off the log. */
    public long firstSequence() {
        return firstSequence;
    }

    /** Sequence number the next published chunk will have: the live edge. */
    public long nextSequence() {
        return firstSequence + chunks.size();
    }

    /** The chunk at {@code sequence}, or null when it is not (or no longer) held. */
    public Chunk chunk(long sequence) {
        long index = sequence - firstSequence;
        if (index < 0 || index >= chunks.size()) {
            return null;
        }
        return chunks.get((int) index);
    }

    /**
     * Where a new listener starts: the newest chunk boundary at least {@code burst} behind the live edge (or the oldest
     * chunk held, if the log is shorter). Always a frame header.
     */
    public long burstStart(BurstSize burst) {
        long sequence = nextSequence();
        long gathered = 0;
        long target = burst.isDuration() ? burst.duration().toNanos() : burst.bytes();
        for (int i = chunks.size() - 1; i >= 0 && gathered < target; i--) {
            Chunk chunk = chunks.get(i);
            gathered += burst.isDuration() ? chunk.durationNanos() : chunk.length();
            sequence--;
        }
        return sequence;
    }

    public int listenerCount() {
        return listeners.size();
    }

    public void addListener(FeedListener listener) {
        listeners.add(listener);
    }

    public void removeListener(FeedListener listener) {
        int index = listeners.indexOf(listener);
        if (index < 0) {
            return;
        }
        int last = listeners.size() - 1;
        listeners.set(index, listeners.get(last));
        listeners.remove(last);
    }

    /**
     * A listener of this loop, following the live edge, wrote chunks from {@code sequence} on during this fan-out. The
     * oldest such chunk of the round gives the round's relay latency.
     */
    public void departed(long sequence) {
        if (sequence < oldestDeparted) {
            oldestDeparted = sequence;
        }
    }

    /** Takes ownership of one reference of {@code chunk}; {@code flush} asks every listener to write what it has. */
    void append(Chunk chunk, boolean flush) {
        if (closed) {
            chunk.data().release();
            return;
        }
        if (chunks.isEmpty()) {
            firstSequence = chunk.sequence();
        }
        chunks.addLast(chunk);
        bytes += chunk.length();
        while (bytes > capacityBytes && chunks.size() > 1) {
            Chunk dropped = chunks.removeFirst();
            bytes -= dropped.length();
            firstSequence++;
            dropped.data().release();
        }
        fanOut(flush);
    }

    /** The input paused: every listener writes whatever it still has pending. */
    void flush() {
        fanOut(true);
    }

    private void fanOut(boolean flush) {
        oldestDeparted = Long.MAX_VALUE;
        notifyListeners(flush);
        Chunk oldest = oldestDeparted == Long.MAX_VALUE ? null : chunk(oldestDeparted);
        if (oldest != null) {
            stats.recordRelayLatency(System.nanoTime() - oldest.arrivalNanos());
        }
    }

    /** Drops every chunk: the mount is gone. Listeners are told so they can notice. */
    void close() {
        closed = true;
        while (!chunks.isEmpty()) {
            Chunk dropped = chunks.removeFirst();
            firstSequence++;
            dropped.data().release();
        }
        bytes = 0;
        notifyListeners(true);
    }

    private void notifyListeners(boolean flush) {
        // Backwards, so a listener that removes itself while being told does not make us skip another.
        for (int i = listeners.size() - 1; i >= 0; i--) {
            if (i < listeners.size()) {
                listeners.get(i).onFeedChanged(flush);
            }
        }
    }
}
