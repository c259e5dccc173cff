package io.relaycast.mount;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.config.StationInfo;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.ReservoirBridge;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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
    private final MountFeeds feeds;
    private final FeedLoad load;
    private final ChunkAssembler assembler;
    private final ReservoirBridge reservoir = new ReservoirBridge();
    /** An input that sends nothing for this long has paused: see {@link #publish}. */
    private static final long IDLE_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

    private final long chunkNanos;
    private final MountStats stats = new MountStats();
    private final AtomicReference<LiveSource> live = new AtomicReference<>();
    /**
     * The live source as the mount's loop sees it: set and cleared by tasks on the loop, so the frames a source sent
     * before it left (queued on the loop behind its last read) are still published, while {@link #live} is free for the
     * next source at once.
     */
    private LiveSource liveOnLoop;
    private final List<MountObserver> observers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Mp3Frame>> frameTaps = new CopyOnWriteArrayList<>();
    private final FallbackAudience audience = new FallbackAudience();
    private volatile FallbackPacer fallback;
    private volatile boolean persistent;
    private volatile StationInfo station = StationInfo.NONE;
    private volatile IcyMetadata metadata = IcyMetadata.none();
    private volatile IcyMetadata liveMetadata = IcyMetadata.none();
    private volatile OnAir onAir = OnAir.OFF;
    private final StreamFormat format;
    private final LiveConform conform;
    private volatile Instant streamStart;
    private volatile boolean closed;
    /** Listener places taken (how many there may be is in {@link #rules}) and who else keeps this mount. */
    private final Occupancy occupancy = new Occupancy();
    /** Asks the registry to retire this mount if it is idle; runs on the mount's loop (see {@link #checkIdle}). */
    private volatile Runnable idleCheck = () -> { };
    private volatile ListenerRules rules = ListenerRules.NONE;
    private final IntroSlot intro = new IntroSlot();
    private volatile boolean hidden;
    /** When the live source last gave the mount audio (or claimed it), on the clock of {@link System#nanoTime}. */
    private volatile long liveAudioNanos = System.nanoTime();

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
        this.assembler = new ChunkAssembler(allocator, chunkNanos, this::metadata);
        this.feeds = new MountFeeds(path, loops, queueBytes, stats);
        this.load = new FeedLoad(feeds.all());
        this.format = new StreamFormat(path, stats, () -> onAir);
        this.conform = new LiveConform(path, loop, allocator, stats, source -> "live source " + ((LiveSource) source).remote(),
                (source, frame) -> publishIfLive((LiveSource) source, frame, true));
    }

    public String path() {
        return path;
    }

    public EventLoop loop() {
        return loop;
    }

    /** How loaded this mount's data path is. Any thread. */
    public FeedLoad load() {
        return load;
    }

    public MountStats stats() {
        return stats;
    }

    /** What listeners are told about the stream: the live source's word under the station's, or the station's alone. */
    public StreamInfo info() {
        LiveSource holder = live.get();
        return (holder != null ? holder.info() : StreamInfo.unnamed()).under(station);
    }

    /** Sets what the station says about this mount (name, genre, ...): shown whatever plays, over the source's word. */
    public void describe(StationInfo stationInfo) {
        station = stationInfo;
    }

    public IcyMetadata metadata() {
        return metadata;
    }

    public OnAir onAir() {
        return onAir;
    }

    /** The format of the most recent frame, or null before any audio. */
    public FrameHeader format() {
        return format.current();
    }

    /** The stream's format: what it has been, what it is declared to be, what its silence and inputs are held to. */
    public StreamFormat streamFormat() {
        return format;
    }

    /** The ffmpeg that re-encodes inputs that would change the stream's format ({@code conform}), or null. */
    public String conformingWith() {
        return conform.program();
    }

    public Instant streamStart() {
        return streamStart;
    }

    public boolean isPersistent() {
        return persistent;
    }

    /**
     * Opens this mount to listeners without a source, as a configured mount is, or closes it again (then it is
     * listenable only while something plays): a master's on-demand relay keeps its mount open while the master lists it.
     */
    public void setPersistent(boolean persistent) {
        this.persistent = persistent;
        checkIdle();
    }

    /**
     * Keeps this mount from being retired while it is idle, until {@link #release}d by the same {@code keeper}: a relay
     * that pulls into it, another mount that falls back to it. Configured mounts are never retired anyway.
     */
    public void keep(Object keeper) {
        occupancy.keep(keeper);
    }

    /** {@code keeper} no longer needs this mount; if nothing else does and it is idle, it is retired. */
    public void release(Object keeper) {
        occupancy.release(keeper);
        checkIdle();
    }

    /** What to run, on the mount's loop, when this mount may have become idle. The registry's, at creation. */
    void whenIdle(Runnable check) {
        idleCheck = check;
    }

    /**
     * Closes this mount to sources and listeners if nothing needs it any more: a mount made by a source (not
     * configured, not kept) once it has neither a source nor listeners, as Icecast drops such a mount when its source
     * leaves. The registry calls this under its lock for the path, then closes the mount; true if it was retired.
     */
    synchronized boolean retire() {
        if (closed || persistent || live.get() != null || !occupancy.retire()) {
            return false;
        }
        closed = true;
        return true;
    }

    /** If this mount looks idle, has the registry check it on the mount's loop (never inline: see the registry). */
    private void checkIdle() {
        if (closed || persistent || live.get() != null || !occupancy.looksUnused()) {
            return;
        }
        try {
            loop.execute(idleCheck);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("mount {}: event loop shut down, idle check dropped", path);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** How long the live source has given no audio (since it claimed the mount, if it never has). Any thread. */
    public Duration liveSilence() {
        return Duration.ofNanos(System.nanoTime() - liveAudioNanos);
    }

    public LiveSource liveSource() {
        return live.get();
    }

    /** Sets what this mount allows its listeners over the server's settings (limit, burst, time, queue size). */
    public void applyRules(ListenerRules listenerRules) {
        rules = listenerRules;
        feeds.all().forEach(feed -> feed.keep(listenerRules.queueSize()));
    }

    public ListenerRules listenerRules() {
        return rules;
    }

    /** The most listeners this mount takes, or {@link MountConfig#NO_LIMIT}. */
    public int maxListeners() {
        return rules.maxListeners();
    }

    /**
     * Gives every new listener {@code newIntro} (null: none) before the stream; the mount owns it, and lets go of the one
     * it replaces once no listener can read it ({@link IntroSlot}). At startup, or on its loop; a closed mount drops it at once.
     */
    public void playIntro(Intro newIntro) {
        intro.replace(newIntro, closed, feeds.all());
    }

    /** What every new listener hears first, or null; valid within the task that read it, where a listener takes views of it. */
    public Intro intro() {
        return intro.get();
    }

    /** Re-encodes live sources that would change the stream's format with {@code ffmpeg}, or (null) not: {@link LiveConform}. */
    public void conformLive(String ffmpeg) {
        conform.use(ffmpeg);
    }

    /** Leaves this mount out of the public status, or lists it again (Icecast's {@code <hidden>}). */
    public void hide(boolean hide) {
        hidden = hide;
    }

    public boolean isHidden() {
        return hidden;
    }

    /**
     * Whether this mount is announced beyond its own listeners (relays' stream lists, directories): listeners can
     * connect, it is not hidden, and it plays something of its own: a live source (or relay), or, configured, its
     * fallback. A mount that only plays silence to the listeners its source left behind is not.
     */
    public boolean isListed() {
        return isListenable() && !hidden && (persistent || live.get() != null);
    }

    /** Takes a listener place (give it back with {@link #leaveListenerPlace}); false when full or retired. Any thread. */
    public boolean tryTakeListenerPlace() {
        return occupancy.tryTakePlace(rules.maxListeners());
    }

    /** Takes a place even if the mount is full: an admin moving listeners here has the last word. */
    public void takeListenerPlace() {
        occupancy.takePlace();
    }

    /** Whether listeners hold places here: admitted, even if not yet counted (a backend still asked). Any thread. */
    boolean hasListenerPlaces() {
        return occupancy.placesTaken();
    }

    public void leaveListenerPlace() {
        if (occupancy.leavePlace()) {
            checkIdle();
        }
    }

    /**
     * Whether listeners may connect: it has audio now, or is configured to always have some. A source that has just
     * claimed the mount counts at once, before the mount's loop has put it on air: its encoder may already have been
     * answered, and a listener right behind it must not hear 404.
     */
    public boolean isListenable() {
        return !closed && (persistent || live.get() != null || onAir != OnAir.OFF);
    }

    public void addObserver(MountObserver observer) {
        observers.add(observer);
    }

    /** The feed of the given event loop, where that loop's listeners attach. */
    public LoopFeed feedFor(EventLoop listenerLoop) {
        return feeds.feedFor(listenerLoop);
    }

    /** The title the live source (or an admin) set last; shown while live, kept while a fallback plays. */
    public IcyMetadata liveMetadata() {
        return liveMetadata;
    }

    /**
     * A title update from the live source or an admin (out-of-band {@code updinfo}). It is shown at once while a live
     * source holds the mount (or nothing plays); while a fallback plays it is kept for when live returns.
     */
    public void updateMetadata(IcyMetadata newMetadata) {
        liveMetadata = newMetadata;
        if (live.get() != null || onAir == OnAir.OFF) {
            show(newMetadata);
        }
        stats.metadataUpdated();
    }

    /** The title of what a fallback input (playlist track, relayed mount) plays now. Mount loop only. */
    public void showFallbackMetadata(IcyMetadata fallbackMetadata) {
        if (live.get() == null && metadata != fallbackMetadata) {
            show(fallbackMetadata);
            stats.metadataUpdated();
        }
    }

    /** Puts {@code title} on the air; the observers hear of it on the mount's loop, unless it has no title. */
    private void show(IcyMetadata title) {
        metadata = title;
        if (!title.title().isEmpty()) {
            onLoop(() -> observers.forEach(observer -> observer.titleShown(this, title)));
        }
    }

    public void setOnAir(OnAir state) {
        onAir = state;
    }

    /**
     * Receives every frame published from now on, as a retained duplicate it must release, on the mount's loop. Lets
     * another mount relay this one (mount fallback) and tests watch the exact frame sequence.
     */
    public void addFrameTap(Consumer<Mp3Frame> tap) {
        frameTaps.add(tap);
    }

    /** Stops giving {@code tap} frames (frames already handed to it are its own). */
    public void removeFrameTap(Consumer<Mp3Frame> tap) {
        frameTaps.remove(tap);
    }

    /**
     * Whether anyone would hear this mount: its own listeners, or those of a mount falling back to it while nobody is live
     * there ({@link FallbackAudience}). What makes a relay on demand connect. Any thread.
     */
    public boolean isHeard() {
        return FallbackAudience.hears(this);
    }

    FallbackAudience audience() {
        return audience;
    }

    /** What plays here while nobody is live (playlist, fallback mount, silence), once the server has set it up. */
    public FallbackPacer fallback() {
        return fallback;
    }

    void setFallback(FallbackPacer pacer) {
        this.fallback = pacer;
        occupancy.whenPlaceTaken(pacer::placeTaken);
    }

    /**
     * Makes {@code source} the mount's live input. Any thread; fails when another source already holds the mount or the
     * mount is closed. A source that finds its mount by path claims it through {@link MountRegistry#claimLive}, which
     * never hands out a retired mount.
     */
    public synchronized boolean claimLive(LiveSource source) {
        if (closed || !live.compareAndSet(null, source)) {
            return false;
        }
        // A new source starts without a title: a previous DJ's title would be wrong.
        liveMetadata = IcyMetadata.none();
        liveAudioNanos = System.nanoTime();
        stats.sourceConnected();
        // Its frames, queued on the loop behind this, are published; so are those of a source that came and went at once.
        onLoop(() -> startLiveOnLoop(source));
        return true;
    }

    /** Gives the mount up, if {@code source} still holds it. Any thread. */
    public void releaseLive(LiveSource source) {
        if (!live.compareAndSet(source, null)) {
            return;
        }
        stats.sourceDisconnected();
        onLoop(() -> endIfOnAir(source));
    }

    /** The released {@code source} goes off the air, if it is still on it. Mount loop. */
    private void endIfOnAir(LiveSource source) {
        if (liveOnLoop == source) {
            endLiveOnLoop();
        }
        checkIdle();
    }

    /** Puts {@code source} on the air on the loop: a previous source there ends first, unless it holds the mount. */
    private void startLiveOnLoop(LiveSource source) {
        if (liveOnLoop != null && liveOnLoop != source && live.get() == liveOnLoop) {
            // A stale claim: the source on the air claimed (inline, on this loop) after this one had already left.
            return;
        }
        if (liveOnLoop != null && liveOnLoop != source) {
            // Its release was made first but its task is still on its way here (made on another thread): it does nothing.
            endLiveOnLoop();
        }
        sealAndPublish();
        liveOnLoop = source;
        onAir = OnAir.LIVE;
        metadata = liveMetadata;
        streamStart = source.since();
        stats.switched();
        observers.forEach(observer -> observer.liveStarted(this, source));
        if (live.get() != source) {
            // Released already, maybe from another thread whose task came here first: its frames queued so far are
            // published, then it ends, rather than the mount staying live with nobody.
            onLoopLater(() -> endIfOnAir(source));
        }
    }

    /** The live source on the loop goes off the air: observers hear it ended. Mount loop. */
    private void endLiveOnLoop() {
        LiveSource source = liveOnLoop;
        sealAndPublish();
        liveOnLoop = null;
        conform.ended(source);
        onAir = OnAir.OFF;
        stats.switched();
        observers.forEach(observer -> observer.liveEnded(this, source));
    }

    /** Audio from a live source: published only while {@code source} holds the mount. Takes ownership of the frame. */
    public void offerLive(LiveSource source, Mp3Frame frame) {
        if (loop.inEventLoop()) {
            publishIfLive(source, frame, false);
            return;
        }
        try {
            loop.execute(() -> publishIfLive(source, frame, false));
        } catch (RejectedExecutionException shuttingDown) {
            // The server is stopping and the mount's loop is gone while the source still sends.
            frame.release();
        }
    }

    /**
     * Appends one whole frame to the mount's audio. Must run on {@link #loop()}; takes ownership of the frame. Fallback
     * inputs call this for their frames while no live source holds the mount.
     *
     * @param input where the frame comes from, by identity: consecutive frames of one input follow each other in one
     *              encoded stream, and a new input is a switch, which a {@link ReservoirBridge} makes decode cleanly
     */
    public void publish(Object input, Mp3Frame received) {
        if (closed) {
            received.release();
            return;
        }
        Mp3Frame bridged = reservoir.next(input, received);
        if (bridged != received) {
            stats.reservoirBridged();
        }
        Mp3Frame frame = format.next(input, bridged);
        try {
            for (Consumer<Mp3Frame> tap : frameTaps) {
                tap.accept(frame.retainedDuplicate());
            }
            boolean wasOpen = assembler.hasOpenChunk();
            Chunk sealed = assembler.add(frame);
            if (sealed != null) {
                feeds.distribute(sealed, false);
                // If nothing follows for IDLE_FLUSH_NANOS (or two chunks, if longer), listeners waiting for their turn
                // get what they have pending. Not sooner: a flush writes to every listener at once, and a live source's
                // frames often arrive some tens of milliseconds late. (Open: the frame began a chunk in a new format.)
                sealLater(sealed.sequence() + 1, assembler.hasOpenChunk(), Math.max(chunkNanos * 2, IDLE_FLUSH_NANOS));
            } else if (!wasOpen) {
                // A stalled input must not hold frames back: seal a chunk that has been open too long.
                sealLater(assembler.openSequence(), true, chunkNanos * 2);
            }
        } finally {
            frame.release();
        }
    }

    /** Seals the partial chunk; every listener writes what it has pending (a switch, a source's end, a stall). Mount loop. */
    public void sealAndPublish() {
        Chunk sealed = assembler.seal();
        if (sealed != null) {
            feeds.distribute(sealed, true);
        } else {
            feeds.flush();
        }
    }

    /**
     * Ends the mount: the live source is disconnected and every feed drops its audio. The future completes once every
     * feed has released its chunks, so a shutdown can wait for it before stopping the event loops.
     */
    public CompletableFuture<Void> close() {
        load.logSummary(path, stats.relayLatency());
        closed = true;
        LiveSource holder = live.getAndSet(null);
        if (holder != null) {
            stats.sourceDisconnected();
            holder.disconnect();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            assembler.discard();
            conform.ended(liveOnLoop);
            FallbackPacer pacer = fallback;
            if (pacer != null) {
                pacer.mountClosed();
            }
            onAir = OnAir.OFF;
            feeds.close().whenComplete((ignored, failure) -> {
                // Every listener has left its feed by now; views of the intro still queued in a channel hold their own
                // reference.
                intro.clear();
                done.complete(null);
            });
        });
        return done;
    }

    /** A frame of {@code source} (or one re-encoded to the stream's format), published if the source holds the mount. */
    private void publishIfLive(LiveSource source, Mp3Frame received, boolean reencoded) {
        if (liveOnLoop != source || closed) {
            received.release();
            return;
        }
        Mp3Frame frame = received;
        if (!reencoded) {
            stats.frameReceived(received.content().readableBytes());
            liveAudioNanos = System.nanoTime();
            frame = conform.admit(source, received, format.target());
        }
        if (frame != null) {
            publish(source, frame);
        }
    }

    /** Seals and publishes the chunk at {@code sequence} after {@code nanos}, if it is then still open ({@code open}) or not. */
    private void sealLater(long sequence, boolean open, long nanos) {
        loop.schedule(() -> {
            if (assembler.hasOpenChunk() == open && assembler.openSequence() == sequence) {
                sealAndPublish();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} on the loop behind the tasks already queued there, even when called on the loop. */
    private void onLoopLater(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("mount {}: event loop shut down, task dropped", path);
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("mount {}: event loop shut down, task dropped", path);
        }
    }

    @Override
    public String toString() {
        return "Mount[" + path + ", " + onAir.label() + "]";
    }
}
