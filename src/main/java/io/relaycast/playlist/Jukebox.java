package io.relaycast.playlist;

import java.util.List;
import java.util.Optional;

/**
 * The AutoDJ of one mount as something people can steer: what plays, what comes next, skip, queue, rescan.
 * Implementations are thread-safe; changes to what is playing take effect on a frame boundary.
 */
public interface Jukebox {

    /**
     * The most tracks queued at once: queued tracks play before the rotation, and a DJ's source login may queue, so an
     * unbounded queue would keep the rotation away for good and make every {@link #upcoming} copy all of it.
     */
    int MAX_QUEUED = 100;

    /** What came of {@link #enqueue}. */
    enum Enqueued { QUEUED, NO_SUCH_TRACK, QUEUE_FULL }

    /** The mount this jukebox feeds. */
    String mount();

    /** The track playing (or paused while live), if any. */
    Optional<Track> current();

    /** The next tracks in play order, queued ones first. */
    List<Track> upcoming(int max);

    /** Every track the playlist knows now. */
    List<Track> tracks();

    /** Ends the current track at the next frame boundary; the next one starts at once. */
    void skip();

    /** Queues the track with {@code id} to play next, unless there is no such track or the queue is full. */
    Enqueued enqueue(String id);

    /** Reads the folder or list again now (it is also re-read on its own when it changes). */
    void rescan();
}
