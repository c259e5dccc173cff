package io.relaycast.mount;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mount point: who feeds it (a live source, else a fallback), its recent audio, and its now-playing metadata.
 *
 * <p>All audio enters through {@link #publish(Mp3Frame)} on the mount's own event loop, whole frames only, so a switch
 * between inputs is always on a frame boundary. Frames are gathered into chunks, and each chunk is handed to every
 * event loop's {@link LoopFeed} (one task per loop), where that loop's listeners read it without locks.
 */
public final class Mount {

    private static final Logger log = LoggerFactory.getLogger(Mount.class);

    private final String path;
    private final EventLoop loop;
    private final List<LoopFeed> feeds;
    private final ChunkAssembler assembler;
    private final long chunkNanos;
    private final MountStats stats = new MountStats();
    private final AtomicReference<LiveSource> live = new AtomicReference<>();
    private final List<MountObserver> observers = new CopyOnWriteArrayList<>();
    private final boolean persistent;
    private volatile StreamInfo info = StreamInfo.unnamed();
    private volatile IcyMetadata metadata = IcyMetadata.none();
    private volatile OnAir onAir = OnAir.OFF;
    private volatile FrameHeader format;
    private volatile Instant streamStart;
    private volatile boolean closed;

    /**
     * @param path       the mount's path, e.g. "/live"
     * @param loop       the event loop that owns this mount's state
     * @param loops      every event loop that may serve listeners
     * @param queueBytes recent audio kept per loop; a listener further behind is evicted
     * @param chunk      how much audio one shared chunk holds
     * @param persistent true for a configured mount, which stays listed without a source
     */
    public Mount(String path, EventLoop loop, List<EventLoop> loops, ByteBufAllocator allocator, long queueBytes,
                 Duration chunk, boolean persistent) {
        this.path = path;
        this.loop = loop;
        this.persistent = persistent;
        this.chunkNanos = chunk.toNanos();
        this.assembler = new ChunkAssembler(allocator, chunkNanos);
        List<LoopFeed> created = new ArrayList<>(loops.size());
        for (EventLoop each : loops) {
            created.add(new LoopFeed(each, queueBytes, stats.relayLatency()));
        }
        this.feeds = List.copyOf(created);
    }

    public String path() {
        return path;
    }

    public EventLoop loop() {
        return loop;
    }

    public MountStats stats() {
        return stats;
    }

    public StreamInfo info() {
        return info;
    }

    public IcyMetadata metadata() {
        return metadata;
    }

    public OnAir onAir() {
        return onAir;
    }

    /** The format of the most recent frame, or null before any audio. */
    public FrameHeader format() {
        return format;
    }

    public Instant streamStart() {
        return streamStart;
    }

    public boolean isPersistent() {
        return persistent;
    }

    public boolean isClosed() {
        return closed;
    }

    public LiveSource liveSource() {
        return live.get();
    }

    /** Whether listeners may connect: it has audio now, or is configured to always have some. */
    public boolean isListenable() {
        return !closed && (persistent || onAir != OnAir.OFF);
    }

    public void addObserver(MountObserver observer) {
        observers.add(observer);
    }

    /** The feed of the given event loop, where that loop's listeners attach. */
    public LoopFeed feedFor(EventLoop listenerLoop) {
        for (LoopFeed feed : feeds) {
            if (feed.loop() == listenerLoop) {
                return feed;
            }
        }
        throw new IllegalArgumentException("event loop " + listenerLoop + " does not serve mount " + path);
    }

    public void updateMetadata(IcyMetadata newMetadata) {
        metadata = newMetadata;
        stats.metadataUpdated();
    }

    public void setOnAir(OnAir state) {
        onAir = state;
    }

    /**
     * Makes {@code source} the mount's live input. Any thread; fails when another source already holds the mount.
     */
    public boolean claimLive(LiveSource source) {
        if (closed || !live.compareAndSet(null, source)) {
            return false;
        }
        info = source.info();
        stats.sourceConnected();
        onLoop(() -> {
            sealAndPublish();
            onAir = OnAir.LIVE;
            streamStart = source.since();
            stats.switched();
            observers.forEach(observer -> observer.liveStarted(this, source));
        });
        return true;
    }

    /** Gives the mount up, if {@code source} still holds it. Any thread. */
    public void releaseLive(LiveSource source) {
        if (!live.compareAndSet(source, null)) {
            return;
        }
        onLoop(() -> {
            sealAndPublish();
            onAir = OnAir.OFF;
            stats.switched();
            observers.forEach(observer -> observer.liveEnded(this, source));
        });
    }

    /** Audio from a live source: published only while {@code source} holds the mount. Takes ownership of the frame. */
    public void offerLive(LiveSource source, Mp3Frame frame) {
        if (loop.inEventLoop()) {
            publishIfLive(source, frame);
        } else {
            loop.execute(() -> publishIfLive(source, frame));
        }
    }

    /**
     * Appends one whole frame to the mount's audio. Must run on {@link #loop()}; takes ownership of the frame. Fallback
     * inputs call this for their frames while no live source holds the mount.
     */
    public void publish(Mp3Frame frame) {
        try {
            if (closed) {
                return;
            }
            format = frame.header();
            boolean wasOpen = assembler.hasOpenChunk();
            Chunk sealed = assembler.add(frame);
            if (sealed != null) {
                distribute(sealed);
            } else if (!wasOpen) {
                scheduleSeal(assembler.openSequence());
            }
        } finally {
            frame.release();
        }
    }

    /** Seals the partial chunk so listeners get it now (input switches, source end). Runs on the mount's loop. */
    public void sealAndPublish() {
        Chunk sealed = assembler.seal();
        if (sealed != null) {
            distribute(sealed);
        }
    }

    /** Ends the mount: the live source is disconnected and every feed dropped. */
    public void close() {
        if (stats.relayLatency().count() > 0) {
            log.info("mount {} relay latency (source arrival to written to listeners): {}", path, stats.relayLatency().summary());
        }
        closed = true;
        LiveSource holder = live.getAndSet(null);
        if (holder != null) {
            holder.disconnect();
        }
        onLoop(() -> {
            assembler.discard();
            onAir = OnAir.OFF;
            for (LoopFeed feed : feeds) {
                onFeedLoop(feed, feed::close);
            }
        });
    }

    private void publishIfLive(LiveSource source, Mp3Frame frame) {
        if (live.get() != source) {
            frame.release();
            return;
        }
        stats.frameReceived(frame.content().readableBytes());
        publish(frame);
    }

    private void scheduleSeal(long sequence) {
        // A stalled input must not hold frames back: seal a chunk that has been open too long.
        loop.schedule(() -> {
            if (assembler.hasOpenChunk() && assembler.openSequence() == sequence) {
                sealAndPublish();
            }
        }, chunkNanos * 2, TimeUnit.NANOSECONDS);
    }

    private void distribute(Chunk chunk) {
        for (LoopFeed feed : feeds) {
            handOver(feed, chunk);
        }
        chunk.data().release();
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private static void onFeedLoop(LoopFeed feed, Runnable task) {
        if (feed.loop().inEventLoop()) {
            task.run();
        } else {
            feed.loop().execute(task);
        }
    }

    private void handOver(LoopFeed feed, Chunk chunk) {
        chunk.data().retain();
        try {
            onFeedLoop(feed, () -> feed.append(chunk));
        } catch (RejectedExecutionException shuttingDown) {
            chunk.data().release();
            log.debug("mount {}: event loop shut down, chunk {} not delivered", path, chunk.sequence());
        }
    }

    @Override
    public String toString() {
        return "Mount[" + path + ", " + onAir.label() + "]";
    }
}
