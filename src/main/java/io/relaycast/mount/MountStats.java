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
    private final LongAdder sourceDisconnects = new LongAdder();
    private final LongAdder sourceTimeouts = new LongAdder();
    private final LongAdder sourceHandovers = new LongAdder();
    private final LongAdder metadataUpdates = new LongAdder();
    private final LongAdder switches = new LongAdder();
    private final LongAdder resyncDropped = new LongAdder();
    private final LongAdder playlistFilesSkipped = new LongAdder();
    private final LongAdder tracksStarted = new LongAdder();
    private final LongAdder formatChanges = new LongAdder();
    private final LongAdder silenceFrames = new LongAdder();
    private final LongAdder pacerResets = new LongAdder();
    private final LongAdder reservoirBridges = new LongAdder();
    private final LongAdder upmixedFrames = new LongAdder();
    private final LongAdder reencodedFrames = new LongAdder();
    private final LongAdder reencodeDropped = new LongAdder();
    private final Map<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);
    private final LongAdder listeningNanos = new LongAdder();
    private final LongAdder firstBytes = new LongAdder();
    private volatile DurationRecorder firstByteRecorder = DurationRecorder.NONE;
    private volatile DurationRecorder relayLatencyRecorder = DurationRecorder.NONE;
    private final RelayLatency relayLatency = new RelayLatency();

    public MountStats() {
        for (DisconnectReason reason : DisconnectReason.values()) {
            disconnects.put(reason, new LongAdder());
        }
    }

    public void listenerConnected() {
        listenerConnects.increment();
        listenerMovedIn();
    }

    public void listenerDisconnected(DisconnectReason reason, long connectedNanos) {
        currentListeners.decrementAndGet();
        disconnects.get(reason).increment();
        listeningNanos.add(connectedNanos);
    }

    /**
     * A listener moved here from another mount (which counted it leaving, see {@link DisconnectReason#MOVED}): one more
     * listener now, but no new connection.
     */
    public void listenerMovedIn() {
        long now = currentListeners.incrementAndGet();
        listenerPeak.accumulateAndGet(now, Math::max);
    }

    /** Time from a listener's request to its first audio byte written. */
    public void firstByteSent(long nanos) {
        firstBytes.increment();
        firstByteRecorder.record(nanos);
    }

    /**
     * Relay latency: from a chunk's arrival (its first frame) to the moment it left for listeners. Recorded once per
     * fan-out on each event loop, for the oldest chunk that fan-out wrote, so it is the longest wait of that round.
     */
    public void recordRelayLatency(long nanos) {
        relayLatency.record(nanos);
        relayLatencyRecorder.record(nanos);
    }

    /** Where each time to first byte goes besides the sum and count kept here, e.g. a histogram. */
    public void recordFirstByteTo(DurationRecorder recorder) {
        firstByteRecorder = recorder;
    }

    /** Where each relay latency goes, e.g. a histogram. */
    public void recordRelayLatencyTo(DurationRecorder recorder) {
        relayLatencyRecorder = recorder;
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

    public void sourceDisconnected() {
        sourceDisconnects.increment();
    }

    public void sourceTimedOut() {
        sourceTimeouts.increment();
    }

    /** A source took the mount after waiting for the one before it to leave (an encoder reconnecting at once). */
    public void sourceHandedOver() {
        sourceHandovers.increment();
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

    public long sourceDisconnects() {
        return sourceDisconnects.sum();
    }

    public long sourceTimeouts() {
        return sourceTimeouts.sum();
    }

    public long sourceHandovers() {
        return sourceHandovers.sum();
    }

    public long metadataUpdates() {
        return metadataUpdates.sum();
    }

    public long switches() {
        return switches.sum();
    }

    /** Bytes that sources sent but that were not whole valid frames (junk, tags, cut frames). */
    public long resyncDropped() {
        return resyncDropped.sum();
    }

    /** A playlist file that was missing, unreadable, empty or not MP3, and was skipped. */
    public void playlistFileSkipped() {
        playlistFilesSkipped.increment();
    }

    public long playlistFilesSkipped() {
        return playlistFilesSkipped.sum();
    }

    /** A playlist track began playing. */
    public void trackStarted() {
        tracksStarted.increment();
    }

    public long tracksStarted() {
        return tracksStarted.sum();
    }

    /** Consecutive frames differed in sample rate, MPEG version, layer or channel count (e.g. live vs playlist). */
    public void formatChanged() {
        formatChanges.increment();
    }

    public long formatChanges() {
        return formatChanges.sum();
    }

    /** A generated silent frame was published because no input had audio. */
    public void silenceFrame() {
        silenceFrames.increment();
    }

    public long silenceFrames() {
        return silenceFrames.sum();
    }

    /** The fallback pacer fell so far behind (a stalled loop) that it restarted its clock rather than burst. */
    public void pacerReset() {
        pacerResets.increment();
    }

    public long pacerResets() {
        return pacerResets.sum();
    }

    /** A frame right after an input switch was replaced by a silent bridge frame (see {@code ReservoirBridge}). */
    public void reservoirBridged() {
        reservoirBridges.increment();
    }

    public long reservoirBridges() {
        return reservoirBridges.sum();
    }

    /** A mono frame went out as joint stereo, because the stream was stereo (see {@code StereoUpmix}). */
    public void frameUpmixed() {
        upmixedFrames.increment();
    }

    public long upmixedFrames() {
        return upmixedFrames.sum();
    }

    /** A frame of a live source came out re-encoded to the stream's format (the mount's {@code conform}). */
    public void frameReencoded() {
        reencodedFrames.increment();
    }

    public long reencodedFrames() {
        return reencodedFrames.sum();
    }

    /** A frame of a live source was lost because its re-encoding (ffmpeg) fell behind or had stopped. */
    public void frameReencodeDropped() {
        reencodeDropped.increment();
    }

    public long reencodeDropped() {
        return reencodeDropped.sum();
    }
}
