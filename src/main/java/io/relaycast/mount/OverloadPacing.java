package io.relaycast.mount;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an overloaded feed from feeding its own overload through its listeners' quick ACKs.
 *
 * <p>A Linux receiver acknowledges each of its next 16 segments at once (quick-ACK mode) when data arrives more than one
 * retransmission timeout, at least 200 ms, after the data before it; otherwise it acknowledges when its application reads.
 * Listeners are written once per write interval (180 ms by default), inside that. When the loop falls behind, the gaps
 * grow past 200 ms, every listener answers every write with an ACK of its own, the loop has twice the work, and the
 * gaps stay long: with listeners on the same machine (a load test on loopback) the immediate ACKs are built and handled
 * inside the server's own sends, and one slow second can leave the server there for good.
 *
 * <p>So a feed counts, per second, how much of it its fan-outs took and how many turn writes came later than 200 ms after
 * the previous one. When the fan-outs took most of each second and most writes were late for {@value #PERSISTENCE} s in a
 * row, the feed is <em>overloaded</em>: a listener presumed in quick-ACK mode writes at every second turn only (twice the
 * audio per write, half the writes, so its immediate ACKs cost less than they would at every turn). That leaves the loop
 * room, and the listeners are let back to every turn one group in {@value #GROUPS} at a time, a group each
 * second that the fan-outs took less than {@value #ROOM_PERCENT}% of: 16 writes in a row less than 200 ms apart take a
 * group out of quick-ACK mode for good, and its writes cost what they normally do again. Once every group is back and few
 * writes are late, the feed is back to normal. Listeners never notice: a write of 360 ms of audio is as good to a player
 * as two of 180 ms, and any 5 s then still brings at least 5 s less one write's 386 ms, 92% of the bitrate.
 *
 * <p>Only the feed's own fan-outs are counted: a loop overloaded by several mounts together, none of them busy enough
 * alone, is not noticed. Everything here runs on the feed's loop, but {@link #overloaded()}, {@link #episodes()} and the
 * totals ({@link #fanOutNanos()}, {@link #turnWrites()}, {@link #lateWrites()}; the {@code relaycast_mount_overloaded},
 * {@code _overloads}, {@code _fanout_seconds}, {@code _turn_writes} and {@code _late_writes} metrics) may be read anywhere.
 */
public final class OverloadPacing {

    /** Linux's smallest retransmission timeout: a longer gap puts the receiver into quick-ACK mode. */
    static final long LATE_GAP_NANOS = 200_000_000L;
    /** Segments a Linux receiver acknowledges at once after such a gap (TCP_MAX_QUICKACKS). */
    static final int QUICK_ACKS = 16;
    static final int GROUPS = 8;
    /**
     * Turns a listener in quick-ACK mode lets pass while the feed is overloaded and its group is not back yet. One: a
     * write then carries two turns of audio (at most 386 ms at the default interval), so every 5 s still bring more than
     * 90% of the bitrate, the load test's underrun line. With three (720 ms a write, until session 12) a 5 s window could
     * hold 4.3 s, and every collapse left 1,000-3,800 of 12,000 listeners with an underrun; with one, none of seven
     * overloaded runs did, though the overloads lasted longer (docs/benchmark.md, "Session 12").
     */
    static final int TURNS_LET_PASS = 1;
    static final long WINDOW_NANOS = 1_000_000_000L;
    /** A feed that judged no second for this long fanned nothing out for a second: it has no overload to report. */
    static final long STALE_NANOS = 2 * WINDOW_NANOS;
    /** Share of a second spent fanning out, and share of late writes, from which the feed counts as overloaded. */
    static final double BUSY_SHARE = 0.7;
    static final double LATE_SHARE = 0.5;
    /** Share of a second spent fanning out below which one more group is let back to every turn. */
    static final int ROOM_PERCENT = 75;
    /** Share of late writes below which an overloaded feed, with every group back, is back to normal. */
    static final double CALM_SHARE = 0.1;
    /** Fewer writes in a second than this say nothing either way. */
    static final int MIN_WRITES = 100;
    /**
     * Seconds in a row that must look overloaded. One: a second with most of it spent fanning out and most writes late
     * is already the start of a collapse, and declaring it costs listeners nothing (a write every second turn plays as
     * well). With four, at 12,000 listeners on loopback, the collapses that came took 2,412-5,832 listeners below the
     * bitrate for a while; with one, 1,039-1,964, with no overload declared in any of the healthy runs (twenty runs each,
     * three collapses each: docs/benchmark.md, "Session 11").
     */
    static final int PERSISTENCE = 1;

    private static final Logger log = LoggerFactory.getLogger(OverloadPacing.class);

    private final String name;
    /** nanoTime, for readers of {@link #overloaded()}. */
    private final LongSupplier clock;
    private long windowStart = Long.MIN_VALUE;
    private long busyNanos;
    private int writes;
    private int lateWrites;
    private int busySeconds;
    /** Written on the feed's loop once a second at most; read by metrics too (see {@link #overloaded()}). */
    private volatile boolean overloaded;
    /** When a second was last judged (nanoTime): the feed's loop writes it, {@link #overloaded()} reads it. */
    private volatile long lastJudgedNanos;
    private long overloadedSince;
    /** While overloaded: the groups (listener id modulo {@link #GROUPS}) below this write at every turn again. */
    private int groupsBack;
    private volatile long episodes;
    /** Sums over the seconds judged so far, for metrics and the closing log; written on the loop once a second. */
    private volatile long fanOutNanosTotal;
    private volatile long writesTotal;
    private volatile long lateWritesTotal;

    OverloadPacing(String name) {
        this(name, System::nanoTime);
    }

    /** @param clock nanoTime, the clock of the fan-outs' times */
    OverloadPacing(String name, LongSupplier clock) {
        this.name = name;
        this.clock = clock;
    }

    /** A fan-out ran from {@code start} to {@code end} (nanoTime); a second's counts are judged when it is over. */
    void fannedOut(long start, long end) {
        if (windowStart == Long.MIN_VALUE) {
            windowStart = start;
        }
        busyNanos += end - start;
        long elapsed = end - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            judge(end, (double) busyNanos / elapsed);
            // One writer, the loop.
            fanOutNanosTotal = fanOutNanosTotal + busyNanos;
            writesTotal = writesTotal + writes;
            lateWritesTotal = lateWritesTotal + lateWrites;
            windowStart = end;
            busyNanos = 0;
            writes = 0;
            lateWrites = 0;
        }
    }

    private void judge(long now, double busy) {
        lastJudgedNanos = now;
        double late = writes < MIN_WRITES ? 0 : (double) lateWrites / writes;
        busySeconds = busy >= BUSY_SHARE && late >= LATE_SHARE ? busySeconds + 1 : 0;
        if (!overloaded) {
            if (busySeconds >= PERSISTENCE) {
                overloaded = true;
                overloadedSince = now;
                groupsBack = 0;
                episodes = episodes + 1; // one writer: the loop
                log.warn("{}: overloaded for {} s (last second {}% fanning out, {}% of writes more than 200 ms apart): "
                        + "listeners whose ACKs come at once write every second turn until the loop has room again",
                        name, busySeconds, Math.round(busy * 100), Math.round(late * 100));
            }
        } else if (groupsBack < GROUPS) {
            if (busy * 100 < ROOM_PERCENT) {
                groupsBack++;
            }
        } else if (late <= CALM_SHARE) {
            overloaded = false;
            log.info("{}: no longer overloaded after {} s", name, (now - overloadedSince) / 1_000_000_000L);
        }
    }

    /** A listener wrote at its turn, {@code late} if more than {@link #LATE_GAP_NANOS} after its previous write. */
    void wrote(boolean late) {
        writes++;
        if (late) {
            lateWrites++;
        }
    }

    /**
     * Whether the feed is overloaded now. Seconds are judged only as fan-outs run, so a feed whose input went off while
     * it was overloaded (an origin down, a source gone from a mount that is kept) would stay so for good: one with no
     * second judged for {@link #STALE_NANOS} is not overloaded any more (it has nothing to fan out). Any thread.
     */
    public boolean overloaded() {
        return overloaded && clock.getAsLong() - lastJudgedNanos <= STALE_NANOS;
    }

    /** How many times this feed has become overloaded. */
    public long episodes() {
        return episodes;
    }

    /**
     * Time this feed's fan-outs took, over the seconds judged so far (the second in progress is not in it yet). As a
     * rate, the share of its loop that handing out the mount's audio takes: about half at 12,000 listeners on one core of
     * the benchmark machine; past {@value #BUSY_SHARE} the loop has little room left for a disturbance.
     */
    public long fanOutNanos() {
        return fanOutNanosTotal;
    }

    /**
     * Writes at a listener's turn after a gap the feed did not make on purpose, over the seconds judged so far: the
     * denominator of {@link #lateWrites()}.
     */
    public long turnWrites() {
        return writesTotal;
    }

    /**
     * Turn writes that came more than {@link #LATE_GAP_NANOS} after the listener's previous write, over the seconds judged
     * so far: each puts a Linux listener into quick-ACK mode for its next {@value #QUICK_ACKS} segments.
     */
    public long lateWrites() {
        return lateWritesTotal;
    }

    /** Whether listener {@code id}'s group writes at every turn again, to leave quick-ACK mode. */
    boolean isBack(long id) {
        return Math.floorMod(id, GROUPS) < groupsBack;
    }

    /**
     * One listener's side: the gaps between its writes, and so whether its peer presumably acknowledges at once. Its
     * listener tells it of every write; it answers how many turns to let pass.
     */
    public static final class Turns {

        private final long id;
        private long lastWrite;
        private boolean written;
        private int quickAcksLeft = QUICK_ACKS;
        private boolean skipping;

        /** For listener {@code id} (its group is {@code id} modulo {@value #GROUPS}); a new peer starts in quick-ACK mode. */
        public Turns(long id) {
            this.id = id;
        }

        /** The listener wrote at {@code now} (nanoTime); returns how many of its next turns it should let pass. */
        public int wrote(OverloadPacing pacing, long now) {
            boolean late = written && now - lastWrite > LATE_GAP_NANOS;
            if (late) {
                quickAcksLeft = QUICK_ACKS;
            } else if (written && quickAcksLeft > 0) {
                quickAcksLeft--;
            }
            if (written && !skipping) {
                // A gap we made on purpose says nothing about the loop.
                pacing.wrote(late);
            }
            written = true;
            lastWrite = now;
            // The state as judged: a feed back from a pause goes on letting its groups back as it gets room.
            skipping = pacing.overloaded && quickAcksLeft > 0 && !pacing.isBack(id);
            return skipping ? TURNS_LET_PASS : 0;
        }

        /** Writes still presumed to be acknowledged at once. */
        int quickAcksLeft() {
            return quickAcksLeft;
        }
    }
}
