package io.relaycast.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.relaycast.http.AccessLog;
import io.relaycast.icy.IcyInterleaver;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.Chunk;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.FeedListener;
import io.relaycast.mount.Intro;
import io.relaycast.mount.LoopFeed;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OverloadPacing;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.ReservoirBridge;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener: a cursor into its event loop's {@link LoopFeed}. It writes whole chunks (shared buffers, never copied)
 * through its {@link ListenerOutput} while that is writable, flushes once per batch, and resumes when the channel drains.
 * A listener that falls off the end of the feed (more than the queue size behind) or stops reading for longer than the
 * listener timeout is disconnected and counted; nobody else notices.
 */
public final class ListenerHandler extends ChannelInboundHandlerAdapter implements FeedListener {

    private static final Logger log = LoggerFactory.getLogger(ListenerHandler.class);
    /** Turn block b's turns are at the fractional part of b times the golden ratio within the interval: evenly spread. */
    private static final double GOLDEN = 0.6180339887498949;
    /** Chunks looked back through for a bridge's reservoir: 511 bytes are 8 frames at 32 kbit/s. */
    private static final int BRIDGE_CHUNKS = 8;

    private final ListenerRegistry registry;
    private final LongConsumer onLeave;
    private final ListenerRequest request;
    private final Delivery delivery;
    private final long stallNanos;
    private final long intervalNanos;
    private final Instant connectedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    /** When it came to its current mount: at the start, or when it was last moved. */
    private long onMountSinceNanos = startNanos;
    private final long login;
    /** Done once the listener has left and given its places back. */
    private final CompletableFuture<Void> left = new CompletableFuture<>();
    private volatile Mount mount;
    private final long id;
    private ChannelHandlerContext ctx;
    private ListenerOutput output;
    private ByteBufAllocator alloc;
    /** The most a span may hold: twice the channel's high water mark. */
    private int spanLimit;
    private LoopFeed feed;
    private LoopFeed.Seat seat;
    private long cursor;
    private long offsetNanos;
    private IcyInterleaver icy;
    private IcyInterleaver.Sink icySink;
    private long bytesSent;
    private boolean firstByteSent;
    /** The mount's intro is on its way: the listener joins the stream once its channel has taken it. */
    private boolean joiningAfterIntro;
    /** The gaps between our writes, for the feed's overload pacing; how many turns are let pass after the last write. */
    private OverloadPacing.Turns turns;
    private int turnsLetPass;
    /** Since when the channel has been unwritable with the listener reading nothing; 0 while it is writable. */
    private long unwritableSince;
    /** The channel's queued bytes when last looked at while unwritable: fewer since then means the listener read. */
    private long pendingWhenChecked;
    /** Ends the connection at the mount's listening time limit; null without one. */
    private ScheduledFuture<?> timeLimit;
    private boolean attached;
    private DisconnectReason endReason = DisconnectReason.CLIENT_CLOSED;

    ListenerHandler(ListenerRegistry registry, Mount mount, ListenerRequest request, Delivery delivery) {
        this(registry.newId(), registry, mount, request, delivery, null, 0);
    }

    /**
     * @param id its id (see {@link ListenerRegistry#newId}), the client number its authentication backend was told
     * @param onLeave hears the whole seconds listened when the listener leaves (an authentication backend), or null
     * @param login the number of its login where the newest login of a user takes over ({@link ListenerLogins#takeOver}),
     *              or 0
     */
    ListenerHandler(long id, ListenerRegistry registry, Mount mount, ListenerRequest request, Delivery delivery,
                    LongConsumer onLeave, long login) {
        this.id = id;
        this.onLeave = onLeave;
        this.login = login;
        this.registry = registry;
        this.mount = mount;
        this.request = request;
        this.delivery = delivery;
        this.stallNanos = delivery.stallTimeout().toNanos();
        this.intervalNanos = delivery.writeInterval().toNanos();
    }

    public long id() {
        return id;
    }

    public String mountPath() {
        return mount.path();
    }

    public SocketAddress remoteAddress() {
        return request.remote();
    }

    public String userAgent() {
        return request.userAgent();
    }

    /** The user name the listener logged in with, or null. */
    public String user() {
        return request.user();
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    /** The number of its login where a user's newest login takes over, or 0. */
    long login() {
        return login;
    }

    /** Done once this listener has left and given back its places on the server and its mount. Any thread. */
    CompletableFuture<Void> left() {
        return left;
    }

    /** Disconnects this listener, counted under {@code reason}. Any thread. */
    public void disconnect(DisconnectReason reason) {
        ChannelHandlerContext context = ctx;
        context.executor().execute(() -> {
            endReason = reason;
            context.close();
        });
    }

    /** Moves this listener to {@code target} at its live edge, without reconnecting. Any thread. */
    public void moveTo(Mount target) {
        ChannelHandlerContext context = ctx;
        context.executor().execute(() -> {
            if (!attached || target == mount) {
                return;
            }
            seat.leave();
            LoopFeed left = feed;
            output.moving(bytes -> {
                bytesSent += bytes;
                left.sent(bytes);
            });
            long now = System.nanoTime();
            mount.stats().listenerDisconnected(DisconnectReason.MOVED, now - onMountSinceNanos);
            onMountSinceNanos = now;
            mount.leaveListenerPlace();
            registry.logins().leave(mount.path(), request.user());
            mount = target;
            target.takeListenerPlace();
            registry.logins().take(target.path(), request.user());
            target.stats().listenerMovedIn();
            feed = target.feedFor(context.channel().eventLoop());
            // From the newest chunk: its first frame is known, so its bit reservoir can be bridged.
            cursor = Math.max(feed.firstSequence(), feed.nextSequence() - 1);
            seat = feed.addListener(this);
            log.info("listener {} moved to {}", id, target.path());
            bridgeReservoir();
            drainNow();
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        // Turns by the number among listeners started, not the id: HEADs and refusals take ids, and gaps would thin out
        // the blocks of consecutive listeners that share a turn.
        long started = registry.countStarted();
        offsetNanos = turnOffset(started, delivery.turnBlock(), intervalNanos);
        turns = new OverloadPacing.Turns(started);
        registry.register(id, this);
        this.output = ListenerOutput.of(context, this::bytesOut);
        this.alloc = context.alloc();
        this.spanLimit = 2 * context.channel().config().getWriteBufferHighWaterMark();
        this.icySink = output::add;
        if (request.wantsMetadata()) {
            icy = new IcyInterleaver(request.metaint());
        }
        feed = mount.feedFor(context.channel().eventLoop());
        cursor = feed.burstStart(delivery.burst());
        seat = feed.addListener(this);
        attached = true;
        mount.stats().listenerConnected();
        Intro intro = mount.isClosed() ? null : mount.intro();
        if (intro != null) {
            playIntro(intro);
        }
        Duration maxDuration = delivery.maxDuration();
        if (maxDuration != null) {
            String why = "reached its listening time limit of " + maxDuration.toSeconds() + " s";
            timeLimit = context.executor().schedule(() -> end(DisconnectReason.TIME_LIMIT, why), maxDuration.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        if (login != 0 && !registry.logins().isNewest(mount.path(), request.user(), login)) {
            // Logged in again on another connection while this one was being let in: that one has not seen this one.
            end(DisconnectReason.REPLACED, request.user() + " logged in again on another connection");
            return;
        }
        drainNow();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        // A listener has nothing more to say; whatever it sends is ignored.
        ReferenceCountUtil.release(msg);
    }

    /**
     * A listener that shut down its sending side (or closed: the two look alike until a write fails) goes on listening, as
     * with Icecast; the connection ends when a write fails, at the listener timeout, or when the server ends it.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            log.debug("listener {} {} on {}: input ended; the audio goes on", id, request.remote(), mount.path());
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            drainNow();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        detach();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        detach();
    }

    /** The feed tells us only when our turn has come (see {@link #nextTurn()}), on a flush, or before our first write. */
    @Override
    public long onFeedChanged(boolean flush) {
        return drain();
    }

    /**
     * Where within each write interval the turns of the listener {@code started}-th to start fall: at its block's (see
     * {@link Delivery#TURN_BLOCK}).
     */
    static long turnOffset(long started, int block, long intervalNanos) {
        return (long) (started / block * GOLDEN % 1.0 * intervalNanos);
    }

    /** Where within each write interval its turns fall, in nanoseconds; set before it is registered. */
    long turnOffsetNanos() {
        return offsetNanos;
    }

    /** Drains outside the feed's fan-out, so the seat is told the next wake-up here. */
    private void drainNow() {
        long next = drain();
        if (attached) {
            seat.wakeAt(next);
        }
    }

    /**
     * At the live edge a listener writes once per write interval of audio: when the feed's audio clock crosses the next
     * multiple of the interval, counted from this listener's own offset. Audio time, not wall time or chunk count, so
     * the turns do not depend on how frames are cut into chunks; a paused source is flushed by the mount. Falling off
     * the queue is noticed at the next turn.
     */
    private long nextTurn() {
        long turn = Math.floorDiv(feed.audioNanos() + offsetNanos, intervalNanos);
        return (turn + 1) * intervalNanos - offsetNanos;
    }

    /** Writes what the channel takes; returns when the feed should wake this listener next (see {@link #nextWakeUp}). */
    private long drain() {
        if (!attached) {
            return Long.MAX_VALUE;
        }
        if (mount.isClosed()) {
            end(DisconnectReason.MOUNT_GONE, "mount is gone");
            return Long.MAX_VALUE;
        }
        boolean joining = joiningAfterIntro;
        if (joining) {
            if (!output.isWritable()) {
                checkStalled();
                return nextWakeUp();
            }
            // The intro is out (or nearly): the stream starts here, with a burst as for any new listener.
            joiningAfterIntro = false;
            cursor = feed.burstStart(delivery.burst());
            bridgeReservoir();
        }
        if (cursor < feed.firstSequence()) {
            end(DisconnectReason.SLOW, "fell further behind than the queue size");
            return Long.MAX_VALUE;
        }
        if (!output.isWritable()) {
            checkStalled();
            return nextWakeUp();
        }
        unwritableSince = 0;
        long from = cursor;
        long written = 0;
        if (feed.nextSequence() - cursor > 1 && (icy == null || feed.titleChangedAt() <= cursor)) {
            // Everything up to the live edge as one buffer, shared with the listeners whose turn it is too, ICY or not.
            // That covers a turn and a join burst (64 KiB by default); a listener further behind than twice the channel's
            // high water mark is catching up after a stall and takes chunks one by one, as long as its channel is
            // writable. An ICY listener whose turn holds a title change goes chunk by chunk too: each chunk's metadata
            // blocks carry that chunk's title.
            IcyMetadata title = feed.chunk(cursor).metadata();
            ByteBuf span = feed.span(cursor, spanLimit, alloc);
            if (span != null) {
                written += write(span, title);
                cursor = feed.nextSequence();
            }
        }
        Chunk chunk;
        while (output.isWritable() && (chunk = feed.chunk(cursor)) != null) {
            written += write(chunk.data(), chunk.metadata());
            cursor++;
        }
        if (written > 0) {
            output.flush();
            if (firstByteSent && !joining) {
                feed.departed(from);
            }
            wrote();
            turnsLetPass = turns.wrote(feed.pacing(), System.nanoTime());
        }
        return nextWakeUp();
    }

    /**
     * Sends the mount's intro, all at once: views of the mount's one buffer, which the channel queues beyond what the
     * socket takes, so a long intro costs no copy. The stream follows when the channel has room again. Its metadata blocks
     * say the title of the audio the burst starts with, not the newest: a title changed within the burst would otherwise
     * be shown, then the older one of the burst's first chunks, then the newer one again.
     */
    private void playIntro(Intro intro) {
        ByteBuf audio = intro.audioFor(mount.streamFormat().stereo());
        Chunk burstStart = feed.chunk(cursor);
        write(audio.duplicate(), burstStart == null ? IcyMetadata.none() : burstStart.metadata());
        output.flush();
        wrote();
        joiningAfterIntro = true;
    }

    /**
     * After a move or an intro the player's decoder still holds other audio data, where the stream's first frame would
     * look for its bit reservoir and decode noise: a silent frame carrying the right bytes goes first.
     */
    private void bridgeReservoir() {
        Chunk next = feed.chunk(cursor);
        if (next == null) {
            return;
        }
        List<ByteBuf> before = new ArrayList<>();
        for (long sequence = Math.max(feed.firstSequence(), cursor - BRIDGE_CHUNKS); sequence < cursor; sequence++) {
            before.add(feed.chunk(sequence).data());
        }
        Mp3Frame bridge = ReservoirBridge.joining(before, next.data());
        if (bridge == null) {
            return;
        }
        try {
            write(bridge.content(), next.metadata());
            output.flush();
            wrote();
        } finally {
            bridge.release();
        }
    }

    /**
     * Until its first audio is out a listener looks at every chunk; after that, only at its turns, fewer of them while
     * its feed is overloaded and its peer acknowledges at once (see {@link OverloadPacing}).
     */
    private long nextWakeUp() {
        if (!firstByteSent) {
            return Long.MIN_VALUE;
        }
        return nextTurn() + turnsLetPass * intervalNanos;
    }

    /** Adds {@code audio} to the turn; an ICY listener's metadata blocks within it say {@code title}. */
    private long write(ByteBuf audio, IcyMetadata title) {
        if (icy == null) {
            output.add(audio, audio.readerIndex(), audio.readableBytes());
            return audio.readableBytes();
        }
        return icy.interleave(audio, title, icySink);
    }

    /** Bytes that went out to the listener (not merely queued): for the access log and the mount's count. */
    private void bytesOut(long bytes) {
        bytesSent += bytes;
        feed.sent(bytes);
    }

    private void wrote() {
        if (!firstByteSent) {
            firstByteSent = true;
            mount.stats().firstByteSent(System.nanoTime() - request.receivedNanos());
        }
    }

    /**
     * A listener is stalled when it has read nothing for the listener timeout. One that reads, but slower than the channel
     * fills, is not: a player reading a long intro at playback speed keeps the channel unwritable while it plays. On the
     * live stream such a listener falls behind the queue and is dropped as slow.
     */
    private void checkStalled() {
        long now = System.nanoTime();
        long pending = output.pendingBytes();
        if (unwritableSince == 0 || pending < pendingWhenChecked) {
            unwritableSince = now;
        } else if (now - unwritableSince > stallNanos) {
            end(DisconnectReason.STALLED, "stopped reading for " + (now - unwritableSince) / 1_000_000_000L + " s");
        }
        pendingWhenChecked = pending;
    }

    private void end(DisconnectReason reason, String why) {
        if (!attached) {
            return;
        }
        endReason = reason;
        log.info("listener {} {} on {} disconnected: {}", id, request.remote(), mount.path(), why);
        detach();
        ctx.close();
    }

    private void detach() {
        if (!attached) {
            return;
        }
        attached = false;
        if (timeLimit != null) {
            timeLimit.cancel(false);
        }
        seat.leave();
        registry.unregister(id);
        long now = System.nanoTime();
        long connectedNanos = now - startNanos;
        mount.stats().listenerDisconnected(endReason, now - onMountSinceNanos);
        mount.leaveListenerPlace();
        registry.logins().leave(mount.path(), request.user());
        AccessLog.of(ctx.channel()).write(new AccessLog.Entry(request.remote(), request.user(), ZonedDateTime.now(),
                request.requestLine(), 200, bytesSent, request.referer(), request.userAgent(), connectedNanos / 1_000_000_000L));
        if (onLeave != null) {
            onLeave.accept(connectedNanos / 1_000_000_000L);
        }
        left.complete(null);
    }
}
