package io.relaycast.mount;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How loaded a mount's data path is, over the feeds of all its event loops (see {@link OverloadPacing}). Any thread. */
public final class FeedLoad {

    private static final Logger log = LoggerFactory.getLogger(Mount.class);

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

    /** Logs how the mount at {@code path} fared, when it closes after relaying any audio. */
    void logSummary(String path, RelayLatency relayLatency) {
        if (relayLatency.count() > 0) {
            log.info("mount {} relay latency (source arrival to written to listeners): {}", path, relayLatency.summary());
            log.info("mount {} fan-outs took {} s of event loop time; {} of {} turn writes came more than 200 ms after the "
                    + "listener's previous one", path, String.format(Locale.ROOT, "%.2f", fanOutSeconds()), lateWrites(),
                    turnWrites());
        }
    }
}
