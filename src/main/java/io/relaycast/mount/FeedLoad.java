package io.relaycast.mount;

import java.util.List;
import java.util.function.ToLongFunction;

/** How loaded a mount's data path is, over the feeds of all its event loops (see {@link OverloadPacing}). Any thread. */
public final class FeedLoad {

    private final List<LoopFeed> feeds;

    FeedLoad(List<LoopFeed> feeds) {
        this.feeds = feeds;
    }

    /** Event loops on which the mount's feed is overloaded now. */
    public int overloadedLoops() {
        int overloaded = 0;
        for (LoopFeed feed : feeds) {
            if (feed.pacing().overloaded()) {
                overloaded++;
            }
        }
        return overloaded;
    }

    /** How many times the feeds became overloaded. */
    public long overloads() {
        return sum(OverloadPacing::episodes);
    }

    /** Event loop time the fan-outs took (see {@link OverloadPacing#fanOutNanos()}). */
    public double fanOutSeconds() {
        return sum(OverloadPacing::fanOutNanos) / 1e9;
    }

    /** Writes at listeners' turns (see {@link OverloadPacing#turnWrites()}). */
    public long turnWrites() {
        return sum(OverloadPacing::turnWrites);
    }

    /** Turn writes more than 200 ms after the listener's previous one (see {@link OverloadPacing#lateWrites()}). */
    public long lateWrites() {
        return sum(OverloadPacing::lateWrites);
    }

    private long sum(ToLongFunction<OverloadPacing> count) {
        long sum = 0;
        for (LoopFeed feed : feeds) {
            sum += count.applyAsLong(feed.pacing());
        }
        return sum;
    }
}
