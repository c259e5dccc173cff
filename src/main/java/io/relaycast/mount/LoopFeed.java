package io.relaycast.mount;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.relaycast.config.BurstSize;
import io.relaycast.mp3.FrameHeader;
import java.util.Arrays;

/**
 * One event loop's view of a mount's recent audio: the shared log of chunks (each retained once for this loop)
 * and the listeners of that loop, which are cursors into it. Everything here runs on {@link #loop()} only, so
 * listeners read and advance without locks; the mount hands each new chunk over with one task per loop.
 */
public final class LoopFeed {

    private static final int SPAN_SLOTS = 4;

    private final EventLoop loop;
    /** The server's queue size, which a mount without one of its own keeps. */
    private final long defaultCapacity;
    /** Bytes of audio held: the mount's queue size. Set by any thread, read on the loop as chunks arrive. */
    private volatile long capacityBytes;
    private final ChunkRing chunks = new ChunkRing();
    private Seat[] seats = new Seat[16];
    /** Per seat, its listener: the fan-out calls them without touching the seats. */
    private FeedListener[] listeners = new FeedListener[16];
    /** Per seat, the audio time from which its listener wants to be told of new chunks; read in one sequential pass. */
    private long[] wakeAt = new long[16];
    private int seatCount;
    private final MountStats stats;
    private long firstSequence;
    private long newestWritten = -1;
    private long bytes;
    private long oldestDeparted = Long.MAX_VALUE;
    /** Bytes written by this loop's listeners not yet added to the mount's counter: once per fan-out, not per listener. */
    private long unreportedBytes;
    private boolean fanningOut;
    private long audioNanos;
    /** The sequence of the newest chunk whose title is not its predecessor's; titles change rarely. */
    private long titleChangedAt = Long.MIN_VALUE;
    /** Spans to the current live edge, by where they start; a turn's listeners start at one of two or three places. */
    private final ByteBuf[] spans = new ByteBuf[SPAN_SLOTS];
    private final long[] spanFrom = new long[SPAN_SLOTS];
    private int nextSpanSlot;
    private boolean closed;
    private final OverloadPacing pacing;

    LoopFeed(EventLoop loop, long capacityBytes, MountStats stats) {
        this(loop, capacityBytes, stats, "feed");
    }

    /** {@code name} (the mount's path) is what the feed's overload warnings say. */
    LoopFeed(EventLoop loop, long capacityBytes, MountStats stats, String name) {
        this.loop = loop;
        this.defaultCapacity = capacityBytes;
        this.capacityBytes = capacityBytes;
        this.stats = stats;
        this.pacing = new OverloadPacing(name);
    }

    /**
     * Keeps {@code queueSize} bytes of audio from the next chunk on (null: the server's queue size); listeners further
     * behind than that fall off as the feed moves on.
     */
    void keep(Long queueSize) {
        capacityBytes = queueSize != null ? queueSize : defaultCapacity;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Whether this feed is overloaded, and how its listeners space their writes then. */
    public OverloadPacing pacing() {
        return pacing;
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
     * The chunks from {@code from} to the live edge as one contiguous buffer (not retained for the caller: write a
     * {@code retainedDuplicate()}), or null when they hold more than {@code maxBytes}: a listener that far behind writes
     * chunk by chunk, as far as its channel takes them. The listeners of one write turn all ask for the same span, so it
     * is copied once per turn and each of them hands the kernel one buffer instead of one per chunk. {@code from} must
     * be held.
     */
    public ByteBuf span(long from, int maxBytes, ByteBufAllocator allocator) {
        for (int slot = 0; slot < SPAN_SLOTS; slot++) {
            if (spans[slot] != null && spanFrom[slot] == from) {
                return spans[slot];
            }
        }
        long to = nextSequence();
        int length = 0;
        for (long sequence = from; sequence < to; sequence++) {
            length += chunk(sequence).length();
            if (length > maxBytes) {
                return null;
            }
        }
        ByteBuf joined = allocator.directBuffer(length, length);
        for (long sequence = from; sequence < to; sequence++) {
            ByteBuf data = chunk(sequence).data();
            joined.writeBytes(data, data.readerIndex(), data.readableBytes());
        }
        int slot = nextSpanSlot;
        nextSpanSlot = (slot + 1) % SPAN_SLOTS;
        if (spans[slot] != null) {
            spans[slot].release();
        }
        spans[slot] = joined;
        spanFrom[slot] = from;
        return joined;
    }

    /** The live edge moved (or the feed closed): every span is out of date. */
    private void releaseSpans() {
        for (int slot = 0; slot < SPAN_SLOTS; slot++) {
            if (spans[slot] != null) {
                spans[slot].release();
                spans[slot] = null;
            }
        }
    }

    /**
     * Where a new listener starts: the newest chunk boundary at least {@code burst} behind the live edge (or the oldest
     * chunk held, if the log is shorter), but not before the format now playing began: a player starts in the stream's
     * format and is not made to re-initialise at once (mpg123 calls such a start a "Frankenstein stream"). Always a frame
     * header.
     */
    public long burstStart(BurstSize burst) {
        long sequence = nextSequence();
        long gathered = 0;
        long target = burst.isDuration() ? burst.duration().toNanos() : burst.bytes();
        FrameHeader now = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1).format();
        for (int i = chunks.size() - 1; i >= 0 && gathered < target; i--) {
            Chunk chunk = chunks.get(i);
            if (!ChunkAssembler.sameFormat(now, chunk.format())) {
                break;
            }
            gathered += burst.isDuration() ? chunk.durationNanos() : chunk.length();
            sequence--;
        }
        return sequence;
    }

    public int listenerCount() {
        return seatCount;
    }

    /** Seats {@code listener}, to be told of every new chunk until it says otherwise through the seat. */
    public Seat addListener(FeedListener listener) {
        if (seatCount == seats.length) {
            seats = Arrays.copyOf(seats, seatCount * 2);
            listeners = Arrays.copyOf(listeners, seatCount * 2);
            wakeAt = Arrays.copyOf(wakeAt, seatCount * 2);
        }
        Seat seat = new Seat(seatCount);
        seats[seatCount] = seat;
        listeners[seatCount] = listener;
        wakeAt[seatCount] = Long.MIN_VALUE;
        seatCount++;
        return seat;
    }

    private void remove(Seat seat) {
        int index = seat.index;
        if (index < 0) {
            return;
        }
        int last = --seatCount;
        seats[index] = seats[last];
        listeners[index] = listeners[last];
        wakeAt[index] = wakeAt[last];
        seats[index].index = index;
        seats[last] = null;
        listeners[last] = null;
        seat.index = -1;
    }

    /**
     * The sequence of the newest chunk whose title differs from the chunk before it ({@link Long#MIN_VALUE} if none):
     * from a cursor at or after it to the live edge all chunks carry one title, so an ICY listener may take them as one
     * span.
     */
    public long titleChangedAt() {
        return titleChangedAt;
    }

    /** The feed's audio clock: the duration of all audio appended so far, up to the end of the live edge. */
    public long audioNanos() {
        return audioNanos;
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

    /** A listener of this loop wrote {@code bytes}: counted for the mount at the end of the fan-out, or now outside one. */
    public void sent(long bytes) {
        unreportedBytes += bytes;
        if (!fanningOut) {
            reportSent();
        }
    }

    private void reportSent() {
        if (unreportedBytes > 0) {
            stats.bytesSent(unreportedBytes);
            unreportedBytes = 0;
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
        releaseSpans();
        if (!chunks.isEmpty() && chunks.get(chunks.size() - 1).metadata() != chunk.metadata()) {
            titleChangedAt = chunk.sequence();
        }
        chunks.addLast(chunk);
        bytes += chunk.length();
        audioNanos += chunk.durationNanos();
        long capacity = capacityBytes;
        while (bytes > capacity && chunks.size() > 1) {
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
        long start = System.nanoTime();
        oldestDeparted = Long.MAX_VALUE;
        fanningOut = true;
        try {
            notifyListeners(flush);
        } finally {
            fanningOut = false;
            reportSent();
        }
        long end = System.nanoTime();
        pacing.fannedOut(start, end);
        Chunk oldest = oldestDeparted == Long.MAX_VALUE ? null : chunk(oldestDeparted);
        if (oldest != null) {
            stats.recordRelayLatency(end - oldest.arrivalNanos());
        }
    }

    /** Drops every chunk: the mount is gone. Listeners are told so they can notice. */
    void close() {
        closed = true;
        releaseSpans();
        while (!chunks.isEmpty()) {
            Chunk dropped = chunks.removeFirst();
            firstSequence++;
            dropped.data().release();
        }
        bytes = 0;
        notifyListeners(true);
    }

    private void notifyListeners(boolean flush) {
        // Backwards, so a listener that leaves while being told does not make us skip another (the last seat, already
        // told, moves into its place). Only listeners whose wake-up time has come are touched at all, and the next
        // wake-up comes back as the answer, so the fan-out never touches a Seat object.
        for (int i = seatCount - 1; i >= 0; i--) {
            if (i < seatCount && (flush || wakeAt[i] <= audioNanos)) {
                FeedListener listener = listeners[i];
                long next = listener.onFeedChanged(flush);
                if (i < seatCount && listeners[i] == listener) {
                    wakeAt[i] = next;
                }
            }
        }
    }

    /** A listener's place in its feed: how it says when it next wants to hear of new audio, and how it leaves. */
    public final class Seat {

        private int index;

        private Seat(int index) {
            this.index = index;
        }

        /** Tell the listener of new chunks only once the feed's audio clock reaches {@code audioNanos} (or on a flush). */
        public void wakeAt(long audioNanos) {
            if (index >= 0) {
                wakeAt[index] = audioNanos;
            }
        }

        /** Tell the listener of every new chunk. */
        public void wakeEveryChunk() {
            wakeAt(Long.MIN_VALUE);
        }

        /** Leaves the feed; the listener is told nothing more. Idempotent. */
        public void leave() {
            remove(this);
        }
    }
}
