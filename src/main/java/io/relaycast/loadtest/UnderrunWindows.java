package io.relaycast.loadtest;

/**
 * The rule that decides whether a listener starved: time since the listener connected is cut into fixed windows
 * (5 s by default); every whole window after the first must carry at least 90% of the nominal bitrate's bytes. The
 * first window is exempt because it holds the connect, the response head and the burst.
 *
 * <p>Immutable and shared by every connection of a run: each {@link ListenerProbe} keeps only its current window's
 * index and byte count, and asks this rule to judge a window when time has moved past it. That is two longs per
 * connection whatever the duration, rather than an array of windows.
 *
 * @param windowNanos  length of one window
 * @param minimumBytes bytes a window must carry not to count as an underrun
 */
record UnderrunWindows(long windowNanos, long minimumBytes) {

    /** Share of the nominal bitrate a window must carry. */
    static final double REQUIRED_SHARE = 0.9;

    UnderrunWindows {
        if (windowNanos <= 0 || minimumBytes <= 0) {
            throw new IllegalArgumentException("window and minimum must be positive");
        }
    }

    /** The rule for a stream of {@code bitrateKbps} with windows of {@code windowSeconds}. */
    static UnderrunWindows forBitrate(int bitrateKbps, int windowSeconds) {
        long nominalBytes = bitrateKbps * 1000L / 8 * windowSeconds;
        return new UnderrunWindows(windowSeconds * 1_000_000_000L, (long) Math.ceil(nominalBytes * REQUIRED_SHARE));
    }

    /** Index of the window {@code elapsedNanos} after the connection started falls in. */
    long windowOf(long elapsedNanos) {
        return Math.max(0, elapsedNanos) / windowNanos;
    }

    /** Whether window {@code index} is judged at all once it has ended: every one but the first. */
    boolean isJudged(long index) {
        return index >= 1;
    }

    /** Whether window {@code index}, which carried {@code bytes}, counts as an underrun. */
    boolean isUnderrun(long index, long bytes) {
        return isJudged(index) && bytes < minimumBytes;
    }
}
