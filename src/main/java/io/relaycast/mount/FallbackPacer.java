package io.relaycast.mount;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SilentFrames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input selector of a mount below the live source: relayed fallback mount, then its own inputs (a playlist), then
 * generated silence. Everything runs on the mount's loop, and the mount only ever gets whole frames, so every switch is
 * on a frame boundary.
 *
 * <p>Paced inputs are driven by a deadline clock ({@link FrameClock}): each time it fires, it publishes every frame
 * that is due and sleeps until the next deadline. Late timers therefore never add up to drift, and after a stall of more
 * than {@link #MAX_BEHIND_NANOS} the clock restarts rather than sending a burst of catch-up audio. A relayed mount is
 * not paced here: its frames are published as its own pacer or encoder produces them.
 */
public final class FallbackPacer implements MountObserver {

    /** Farther behind than this, the clock restarts instead of catching up. */
    static final long MAX_BEHIND_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int MAX_FRAMES_PER_TICK = 16;
    private static final long RELAY_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How many mounts away a mount relaying this one may be and still want it to play: Icecast's MAX_FALLBACK_DEPTH. */
    private static final int MAX_FALLBACK_DEPTH = 10;
    /** About a second of audio (38 frames at 44.1 kHz): a live source that sent less played no set to move on from. */
    private static final long LIVE_SET_FRAMES = 38;
    /** How long the fallback waits, at most, for a source waiting for the mount to take it over (SourceHold's grace). */
    private static final long HANDOVER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(FallbackPacer.class);

    private final Mount mount;
    private final List<FallbackInput> inputs;
    private final PacingClock clock;
    /** How many sources wait for this mount's live source to leave: the one that leaves is handing over to one of them. */
    private final IntSupplier waitingSources;
    private volatile boolean alwaysOn;
    private final FrameClock frames = new FrameClock();
    private final Map<FrameHeader, byte[]> silence = new HashMap<>();
    private volatile Mount fallbackMount;
    /** The path of {@link #fallbackMount}, or of the fallback mount awaited until it is created; null for none. */
    private volatile String fallbackPath;
    /** The tap on {@link #fallbackMount}, which labels each frame with the mount it came from. */
    private Consumer<Mp3Frame> tap;
    /** Re-encodes the relayed fallback mount's audio when it would change this mount's format ({@code conform}). */
    private final LiveConform relayConform;
    private boolean running;
    private boolean relaying;
    private long epoch;
    /** The mount's count of live frames received when its live source started. */
    private long framesAtLiveStart;
    /** Until when (clock time) a source waiting for this mount may still take it over from the one that left. */
    private volatile long handoverUntil;
    /** A live set ended (also one handed over to the encoder's next connection) and the inputs were not yet told. */
    private boolean setToResumeFrom;
    private Object playing;

    /**
     * @param inputs   the mount's own paced inputs, by priority (silence comes after them)
     * @param alwaysOn true for a configured mount, which plays its fallback from the start and forever; false for a
     *                 mount made by a source, which plays after the source left only while it has listeners
     *                 (listener places taken: also those let in and not yet counted), or has a fallback mount that a mount
     *                 relaying it wants (see {@link #wanted()})
     */
    public FallbackPacer(Mount mount, List<FallbackInput> inputs, PacingClock clock, boolean alwaysOn) {
        this(mount, inputs, clock, alwaysOn, () -> 0);
    }

    /** @param waitingSources how many sources wait for the mount's live source to leave (a handover), any thread */
    public FallbackPacer(Mount mount, List<FallbackInput> inputs, PacingClock clock, boolean alwaysOn,
                         IntSupplier waitingSources) {
        this.waitingSources = waitingSources;
        this.mount = mount;
        this.inputs = List.copyOf(inputs);
        this.clock = clock;
        this.alwaysOn = alwaysOn;
        this.relayConform = new LiveConform(mount.path(), mount.loop(), ByteBufAllocator.DEFAULT, mount.stats(),
                other -> "fallback mount " + ((Mount) other).path(), (other, frame) -> reencoded((Mount) other, frame));
    }

    /** A pacer on the real clock, observing {@code mount}; started at once when {@code alwaysOn}. */
    public static FallbackPacer install(Mount mount, List<FallbackInput> inputs, boolean alwaysOn) {
        return install(mount, inputs, alwaysOn, () -> 0);
    }

    /** As {@link #install(Mount, List, boolean)}, waiting after a live source for the {@code waitingSources} to take over. */
    public static FallbackPacer install(Mount mount, List<FallbackInput> inputs, boolean alwaysOn, IntSupplier waitingSources) {
        FallbackPacer pacer = new FallbackPacer(mount, inputs, PacingClock.of(mount.loop()), alwaysOn, waitingSources);
        mount.addObserver(pacer);
        mount.setFallback(pacer);
        if (alwaysOn) {
            mount.loop().execute(pacer::start);
        }
        return pacer;
    }

    /**
     * Relays {@code other} (Icecast's fallback-mount): while it plays real audio (live, playlist or its own fallback
     * mount) and nobody is live here, its frames are this mount's audio; when it stops, this mount's own inputs resume.
     * Called again with another mount (the admin's {@code fallbacks}), it relays that one instead from the next frame;
     * with null (a config reload that removed the fallback mount), it relays nothing any more. The mount relayed is
     * {@link Mount#keep kept} meanwhile, so a fallback mount that a source made stays while its source is away.
     */
    public synchronized void relayFrom(Mount other) {
        Mount before = fallbackMount;
        fallbackPath = other == null ? null : other.path();
        if (before == other) {
            return;
        }
        if (before != null) {
            before.removeFrameTap(tap);
            before.audience().follow(mount, false);
            before.release(this);
        }
        fallbackMount = other;
        tap = other == null ? null : frame -> tapped(other, frame);
        if (other != null) {
            other.keep(this);
            other.addFrameTap(tap);
            other.audience().follow(mount, true);
            if (wanted()) {
                // An off mount a follower keeps (its DJ left before it had a fallback mount) starts relaying it now.
                wake();
                wakeFallbackMount();
            }
        }
    }

    /**
     * Relays no other mount until the mount at {@code path} is created and {@link #relayFrom relayed}; meanwhile that
     * path is what the status names as this mount's fallback, as Icecast names a fallback mount that has no source.
     */
    public synchronized void awaitFallback(String path) {
        relayFrom(null);
        fallbackPath = path;
    }

    /** The fallback mount's path (relayed, or awaited until it exists), or null when this mount has none. */
    public String fallbackPath() {
        return fallbackPath;
    }

    /**
     * A frame of {@code from}, on its way to this mount's loop: dropped there if {@code from} is no longer the fallback
     * mount by then (a frame already on its way when the admin switched).
     */
    private void tapped(Mount from, Mp3Frame frame) {
        if (mount.liveSource() != null || mount.isClosed()) {
            frame.release();
            return;
        }
        try {
            mount.loop().execute(() -> relayed(from, frame));
        } catch (RejectedExecutionException shuttingDown) {
            frame.release();
        }
    }

    /**
     * From now on plays the fallback from the start and forever, as a configured mount's pacer does: a config reload
     * named the mount a source made. Any thread; starts at once on the mount's loop if nobody is live.
     */
    public void playAlways() {
        alwaysOn = true;
        mount.loop().execute(this::start);
    }

    /**
     * From now on plays the fallback only while someone wants it ({@link #wanted()}), as the pacer of a mount a source
     * made does: a config reload dropped the mount from the file. Any thread; a fallback playing for nobody stops at its
     * next tick.
     */
    public void playWhenWanted() {
        alwaysOn = false;
    }

    /**
     * A listener place was taken on the mount (any thread): if nothing plays there, the fallback starts for it. Its place
     * was taken before this looks, and {@link #tick} looks at the places after it goes off the air, so one of the two
     * sees the other: a listener let in just as the fallback stopped for want of listeners is not left with nothing.
     */
    void placeTaken() {
        wake();
    }

    /** The fallback mount plays its own fallback, if nothing plays there, for this mount to relay it. Any thread. */
    private void wakeFallbackMount() {
        Mount other = fallbackMount;
        FallbackPacer pacer = other == null ? null : other.fallback();
        if (pacer != null) {
            pacer.wake();
        }
    }

    /** Starts the fallback on the mount's loop if nothing plays there. Any thread. */
    private void wake() {
        if (mount.onAir() != OnAir.OFF || mount.liveSource() != null) {
            return;
        }
        try {
            mount.loop().execute(this::start);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("mount {}: event loop shut down, fallback not started", mount.path());
        }
    }

    /** Starts playing the fallback now (mount loop). */
    public void start() {
        if (running || mount.isClosed() || mount.liveSource() != null) {
            return;
        }
        running = true;
        relaying = false;
        playing = null;
        if (setToResumeFrom) {
            setToResumeFrom = false;
            inputs.forEach(FallbackInput::resuming);
        }
        frames.rebase(clock.nanoTime());
        wakeFallbackMount();
        tick(++epoch);
    }

    @Override
    public void liveStarted(Mount liveMount, LiveSource source) {
        framesAtLiveStart = mount.stats().framesReceived();
        stop();
    }

    @Override
    public void liveEnded(Mount liveMount, LiveSource source) {
        if (mount.stats().framesReceived() - framesAtLiveStart >= LIVE_SET_FRAMES) {
            setToResumeFrom = true;
        }
        handoverUntil = clock.nanoTime() + HANDOVER_WAIT_NANOS;
        resumeUnlessHandedOver(handoverUntil, epoch);
    }

    /**
     * Whether a source waiting for this mount may still take it over from the live source that just left (an encoder's
     * next connection): a mount relaying this one waits for it rather than playing its own fallback for a moment between
     * two connections of one DJ. Any thread.
     */
    boolean handingOver() {
        return mount.liveSource() == null && waitingSources.getAsInt() > 0 && clock.nanoTime() < handoverUntil;
    }

    /**
     * The fallback takes over after a live source left (mount loop), its inputs told so when it starts
     * ({@link FallbackInput#resuming}, a playlist's next track) only if a set was played since it last played: by that
     * source or by one before it that handed over to it. Not while a source waiting for the mount (the encoder's next
     * connection) may still take it over, nor once one has: a handover is no end of the set.
     */
    private void resumeUnlessHandedOver(long deadline, long myEpoch) {
        if (myEpoch != epoch || mount.liveSource() != null || !wanted()) {
            return;
        }
        if (waitingSources.getAsInt() > 0 && clock.nanoTime() < deadline) {
            clock.schedule(() -> resumeUnlessHandedOver(deadline, myEpoch), RELAY_CHECK_NANOS);
            return;
        }
        start();
    }

    /**
     * The mount closed (on its loop): a re-encoding of the fallback mount stops with it, and the fallback mount is no
     * longer kept for it (a mount removed for want of sources and listeners would otherwise keep its fallback forever).
     */
    void mountClosed() {
        stop();
        relayFrom(null);
    }

    private void stop() {
        running = false;
        epoch++;
        relayConform.end();
    }

    private void tick(long myEpoch) {
        if (myEpoch != epoch || !running) {
            return;
        }
        if (mount.isClosed() || mount.liveSource() != null || !wanted()) {
            stop();
            if (mount.liveSource() == null) {
                mount.setOnAir(OnAir.OFF);
                // A listener let in meanwhile saw the mount still playing, so it asked for nothing: it must hear something.
                if (wanted()) {
                    start();
                }
            }
            return;
        }
        long now = clock.nanoTime();
        if (relayActive()) {
            relaying = true;
            clock.schedule(() -> tick(myEpoch), RELAY_CHECK_NANOS);
            return;
        }
        if (relaying) {
            relaying = false;
            relayConform.end();
            frames.rebase(now);
        }
        if (onlyForFollowers()) {
            idle(now);
            clock.schedule(() -> tick(myEpoch), RELAY_CHECK_NANOS);
            return;
        }
        if (now - frames.due() > MAX_BEHIND_NANOS) {
            mount.stats().pacerReset();
            log.debug("mount {}: fallback clock {} ms behind, restarted", mount.path(), (now - frames.due()) / 1_000_000);
            frames.rebase(now);
        }
        for (int sent = 0; frames.due() <= now && sent < MAX_FRAMES_PER_TICK; sent++) {
            publishNext();
        }
        clock.schedule(() -> tick(myEpoch), Math.max(0, frames.due() - now));
    }

    /**
     * Whether the fallback should play: always for a configured mount; for a mount a source made, while it has listeners,
     * or while it has a fallback mount of its own to relay and a mount relaying it (however many fallbacks away, each
     * with nobody live) wants it, as Icecast follows a chain of fallback mounts. A DJ's mount with no fallback mount is
     * off between shows, not silence for the mount that falls back on it. Any thread.
     */
    boolean wanted() {
        return wanted(MAX_FALLBACK_DEPTH);
    }

    boolean wanted(int depth) {
        return alwaysOn || mount.hasListenerPlaces()
                || depth > 0 && fallbackMount != null && mount.audience().followerWants(depth - 1);
    }

    /**
     * Whether the fallback plays only for the mounts relaying this one (not configured, no listeners of its own): then it
     * is their relay of this mount's fallback mount, and with nothing to relay it plays nothing, as a DJ's mount with no
     * fallback mount plays nothing between shows: off, not silence on every mount that falls back to it.
     */
    private boolean onlyForFollowers() {
        return !alwaysOn && !mount.hasListenerPlaces();
    }

    /** Off the air until the fallback mount plays or a listener comes, its clock kept at now for then (mount loop). */
    private void idle(long now) {
        frames.rebase(now);
        if (playing != null) {
            playing = null;
            log.info("mount {}: off until its fallback mount {} plays", mount.path(), fallbackPath);
        }
        mount.setOnAir(OnAir.OFF);
    }

    /**
     * Whether the fallback mount plays real audio, or may again at once: also while it is still live on the air after its
     * source let go (the end is on its way to its loop, where its handover starts), and while it hands over.
     */
    private boolean relayActive() {
        Mount other = fallbackMount;
        if (other == null || other.isClosed()) {
            return false;
        }
        OnAir state = other.onAir();
        FallbackPacer otherFallback = other.fallback();
        return other.liveSource() != null || state == OnAir.LIVE || state == OnAir.PLAYLIST
                || state == OnAir.FALLBACK_MOUNT || otherFallback != null && otherFallback.handingOver();
    }

    private void relayed(Mount other, Mp3Frame frame) {
        if (!running || mount.liveSource() != null || other != fallbackMount || !relayActive()) {
            frame.release();
            return;
        }
        if (!relaying) {
            relaying = true;
            log.info("mount {}: relaying fallback mount {}", mount.path(), other.path());
        }
        show(other, OnAir.FALLBACK_MOUNT, other.metadata());
        relayConform.follow(mount.conformingWith());
        Mp3Frame admitted = relayConform.admit(other, frame, mount.streamFormat().target());
        if (admitted != null) {
            mount.publish(other, admitted);
        }
    }

    /** A frame of {@code other} re-encoded, on the loop: published if {@code other} is still what plays here. */
    private void reencoded(Mount other, Mp3Frame frame) {
        if (!running || mount.liveSource() != null || other != fallbackMount || !relayActive() || mount.isClosed()) {
            frame.release();
            return;
        }
        mount.publish(other, frame);
    }

    private void publishNext() {
        for (FallbackInput input : inputs) {
            Mp3Frame frame = input.poll();
            if (frame != null) {
                show(input, input.kind(), input.metadata());
                frames.advance(frame.header());
                mount.publish(input, frame);
                return;
            }
        }
        FrameHeader format = mount.streamFormat().silence();
        show(silence, OnAir.SILENCE, IcyMetadata.none());
        frames.advance(format);
        mount.stats().silenceFrame();
        byte[] silentFrame = silence.computeIfAbsent(format, SilentFrames::silentFrame);
        mount.publish(silence, new Mp3Frame(format, Unpooled.wrappedBuffer(silentFrame)));
    }

    private void show(Object source, OnAir kind, IcyMetadata metadata) {
        if (playing != source) {
            playing = source;
            log.info("mount {}: now {}", mount.path(), kind.label());
        }
        mount.setOnAir(kind);
        mount.showFallbackMetadata(metadata);
    }
}
