package io.relaycast.mount;

/** A listener attached to a {@link LoopFeed}, told on its own event loop when new audio is in the log. */
public interface FeedListener {

    /**
     * New chunks were appended, or old ones dropped off the tail: write what you can, or notice you fell behind.
     *
     * @param flush true when the input paused or switched: write whatever is pending now rather than waiting for your
     *              next turn, since no further chunk may come soon
     * @return the feed's audio time from which to be told again ({@link Long#MIN_VALUE}: of every chunk), as
     *         {@link LoopFeed.Seat#wakeAt(long)} would set it; ignored if the listener left meanwhile
     */
    long onFeedChanged(boolean flush);
}
