package io.relaycast.mp3;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one {@link FrameSync}: what a source sent us and how much of it was fit to relay.
 *
 * <p>Written by the single thread that owns the decoder (ordered writes via {@code lazySet}, no read-modify-write
 * atomics), readable from any thread, e.g. by metrics or the admin status page. After end of stream,
 * {@code bytesEmitted + bytesDropped} equals every byte the decoder was given.
 */
public final class SyncStats {

    private final AtomicLong framesEmitted = new AtomicLong();
    private final AtomicLong bytesEmitted = new AtomicLong();
    private final AtomicLong bytesDropped = new AtomicLong();
    private final AtomicLong tagsSkipped = new AtomicLong();
    private final AtomicLong tagBytes = new AtomicLong();
    private final AtomicLong tagsCutShort = new AtomicLong();
    private final AtomicLong infoFramesSkipped = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();

    /** Frames handed downstream. */
    public long framesEmitted() {
        return framesEmitted.get();
    }

    /** Bytes of the frames handed downstream. */
    public long bytesEmitted() {
        return bytesEmitted.get();
    }

    /** Bytes not handed downstream: junk, cut frames, false syncs, tags and informational frames. */
    public long bytesDropped() {
        return bytesDropped.get();
    }

    /** ID3v2, ID3v1 and APE tags skipped. */
    public long tagsSkipped() {
        return tagsSkipped.get();
    }

    /** Bytes of the tags skipped so far, also counted in {@link #bytesDropped}: a tag's progress, while it arrives. */
    public long tagBytes() {
        return tagBytes.get();
    }

    /** Tags whose header claimed more bytes than came before the audio went on: the audio was kept. */
    public long tagsCutShort() {
        return tagsCutShort.get();
    }

    /** Xing/Info/VBRI frames skipped. */
    public long infoFramesSkipped() {
        return infoFramesSkipped.get();
    }

    /** Times the lock on the stream was lost on a cut or corrupt frame and then regained. */
    public long resyncs() {
        return resyncs.get();
    }

    void frameEmitted(int bytes) {
        add(framesEmitted, 1);
        add(bytesEmitted, bytes);
    }

    void dropped(long bytes) {
        add(bytesDropped, bytes);
    }

    void tagSkipped() {
        add(tagsSkipped, 1);
    }

    void tagBytesSkipped(long bytes) {
        add(tagBytes, bytes);
    }

    void tagCutShort() {
        add(tagsCutShort, 1);
    }

    void infoFrameSkipped(int bytes) {
        add(infoFramesSkipped, 1);
        add(bytesDropped, bytes);
    }

    void resynced() {
        add(resyncs, 1);
    }

    private static void add(AtomicLong counter, long delta) {
        counter.lazySet(counter.get() + delta);
    }

    @Override
    public String toString() {
        return "SyncStats(framesEmitted=" + framesEmitted() + ", bytesEmitted=" + bytesEmitted()
            + ", bytesDropped=" + bytesDropped() + ", tagsSkipped=" + tagsSkipped()
            + ", tagsCutShort=" + tagsCutShort()
            + ", infoFramesSkipped=" + infoFramesSkipped() + ", resyncs=" + resyncs() + ")";
    }
}
