package io.relaycast.source;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.relaycast.auth.ListenerAuthUrl;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import io.relaycast.mount.SourceClaim;
import io.relaycast.server.InputEndHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a source until it may go on air: while the station's web backend decides whether it may stream
 * ({@code source-auth-url}), and, for a short grace, while its mount is still held by another, in case that other is its
 * own previous connection: an encoder that reconnects at once (liquidsoap restarting its output, butt, ffmpeg run again)
 * often arrives before the server has read the old connection's end. Reading stops while it waits (the audio stays in
 * the socket; what came with the head is kept here, in order), and the backend's answer or the mount's source leaving,
 * not a poll, wakes it. Once the mount is claimed the source is admitted as usual and this handler hands over what it
 * kept; refused by the backend, or at the end of the grace, it is refused as it would have been at once. A source on
 * the mount that has sent no audio for {@link #STALLED} is closed for it. Everything here runs on the source's event
 * loop.
 */
final class SourceHold extends ChannelInboundHandlerAdapter {

    /**
     * Long enough for the server to read a closed connection's end on a busy event loop, even over a long path (one
     * round trip); short enough that a second encoder really in conflict hears its 403 at once, as people count time,
     * and that every encoder's own wait for an answer (ffmpeg, libshout: 4 s for 100 Continue) is far off.
     */
    static final Duration GRACE = Duration.ofSeconds(1);

    /**
     * A source that has sent no audio this long, while another asks for its mount, is taken for a dead connection and
     * closed: an encoder whose network changed (Wi-Fi to mobile) or that was restarted comes back on a new connection
     * before the old one's source timeout, and its listeners would hear dead air until then. A source on air sends
     * audio many times a second; one that has been silent this long is dead air already.
     */
    static final Duration STALLED = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(SourceHold.class);

    /** What to do once the wait ends; {@code ctx} is this handler's, in the place of the source's pipeline handlers. */
    interface Outcome {

        /** The mount is the source's: set up its pipeline after {@code ctx} and answer it; then remove this handler. */
        void admit(ChannelHandlerContext ctx, Mount mount);

        /** The grace ended with the mount still held: logs and counts the refusal, and gives the answer to send. */
        Object refusal();

        /**
         * The mount came free (or the backend said yes), but as many sources as the server allows are live now: logs and
         * counts the refusal, and gives the answer to send.
         */
        Object tooManySources();

        /**
         * The web backend said no ({@code verdict}), or could not be asked ({@code failure}, and {@code verdict} null):
         * logs and counts the refusal, and gives the answer to send.
         */
        Object notAuthorised(ListenerAuthUrl.Verdict verdict, Throwable failure);
    }

    private final MountRegistry mounts;
    private final IntSupplier maxSources;
    private final String path;
    private final LiveSource source;
    private final Outcome outcome;
    /** The web backend's answer on whether the source may stream, or null when its password was enough. */
    private final CompletableFuture<ListenerAuthUrl.Verdict> authorisation;
    private final Queue<Object> held = new ArrayDeque<>();
    private final long startNanos = System.nanoTime();
    private ChannelHandlerContext ctx;
    private Runnable stopWaiting = () -> { };
    private ScheduledFuture<?> deadline;
    private boolean authorising;
    private boolean waiting;
    private boolean admitted;
    private boolean refused;
    private boolean replacing;

    /** A source whose mount is busy; {@code maxSources} gives the server's limit on live sources (0: none). */
    SourceHold(MountRegistry mounts, IntSupplier maxSources, String path, LiveSource source, Outcome outcome) {
        this(mounts, maxSources, path, source, null, outcome);
    }

    /** A source that waits for {@code authorisation} first (null: none), then for its mount if that is busy. */
    SourceHold(MountRegistry mounts, IntSupplier maxSources, String path, LiveSource source,
               CompletableFuture<ListenerAuthUrl.Verdict> authorisation, Outcome outcome) {
        this.mounts = mounts;
        this.maxSources = maxSources;
        this.path = path;
        this.source = source;
        this.authorisation = authorisation;
        this.outcome = outcome;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.channel().config().setAutoRead(false);
        if (authorisation == null) {
            waitForMount();
            return;
        }
        authorising = true;
        authorisation.whenComplete((verdict, failure) -> {
            try {
                ctx.executor().execute(() -> authorised(verdict, failure));
            } catch (RejectedExecutionException shuttingDown) {
                log.debug("source {}: event loop shut down while it was being authorised", source.remote());
            }
        });
    }

    /** The backend answered: refuses the source, or puts it on air, or has it wait for its busy mount. */
    private void authorised(ListenerAuthUrl.Verdict verdict, Throwable failure) {
        if (!authorising || !ctx.channel().isActive()) {
            return;
        }
        authorising = false;
        if (failure != null || !verdict.allowed()) {
            refuse(outcome.notAuthorised(failure == null ? verdict : null, failure));
            return;
        }
        SourceClaim claim = mounts.claimLive(path, source, maxSources.getAsInt());
        if (claim.tooManySources()) {
            refuse(outcome.tooManySources());
            return;
        }
        if (claim.busy()) {
            waitForMount();
            return;
        }
        admitted = true;
        log.info("source {} connected to {} as {}, let in by the authentication backend ({})", source.remote(), path,
                source.login().user(), source.userAgent());
        outcome.admit(ctx, claim.mount());
    }

    private void waitForMount() {
        waiting = true;
        log.debug("source {} waits up to {} ms for the source of {} to leave", source.remote(), GRACE.toMillis(), path);
        stopWaiting = mounts.whenSourceLeaves(path, source.remote(), this::sourceLeft);
        deadline = ctx.executor().schedule(this::graceEnded, GRACE.toNanos(), TimeUnit.NANOSECONDS);
        // The source may have left between the first claim and the wait; or it may be long dead.
        ctx.executor().execute(() -> {
            tryClaim();
            if (waiting) {
                replaceIfStalled();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        held.add(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        // Held back with the reads; passed on when they are.
    }

    /** A source that finished before its mount came free has nothing left to stream: it ends here, refused or not. */
    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            InputEndHandler.closeAfterWrites(context.channel());
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (waiting) {
            log.info("source {} closed while waiting for {}", source.remote(), path);
        } else if (authorising) {
            log.info("source {} closed while its authentication backend was being asked about {}", source.remote(), path);
        }
        authorising = false;
        stop();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        stop();
        if (!admitted) {
            held.forEach(ReferenceCountUtil::release);
            held.clear();
            return;
        }
        // The source's own handlers follow now: what came while it waited goes to them, in order, then reading resumes.
        for (Object msg = held.poll(); msg != null; msg = held.poll()) {
            context.fireChannelRead(msg);
        }
        context.fireChannelReadComplete();
        context.channel().config().setAutoRead(true);
    }

    /** On the mount's loop: claims, if it still may, on this source's own. */
    private void sourceLeft() {
        try {
            ctx.executor().execute(this::tryClaim);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("source {}: event loop shut down while waiting for {}", source.remote(), path);
        }
    }

    private void tryClaim() {
        if (!waiting || !ctx.channel().isActive()) {
            return;
        }
        SourceClaim claim = mounts.claimLiveAfterWaiting(path, source, maxSources.getAsInt());
        if (claim.busy()) {
            return;
        }
        stop();
        if (claim.tooManySources()) {
            // Another encoder took the place its previous source left.
            refuse(outcome.tooManySources());
            return;
        }
        admitted = true;
        Mount mount = claim.mount();
        mount.stats().sourceHandedOver();
        log.info("source {} took {} over after waiting {} ms for its previous source to leave", source.remote(), path,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        outcome.admit(ctx, mount);
    }

    private void graceEnded() {
        if (!waiting) {
            return;
        }
        if (!replacing && replaceIfStalled()) {
            // Its close is on its way: one more grace for it to arrive.
            deadline = ctx.executor().schedule(this::graceEnded, GRACE.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        stop();
        refuse(outcome.refusal());
    }

    /** Drops what was kept, and sends {@code answer} the way a source still sending audio can read it. */
    private void refuse(Object answer) {
        refused = true;
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        LingeringClose.answer(ctx, answer);
    }

    /** Closes the mount's source if it has been silent for {@link #STALLED}; true if it did. Not a relay's. */
    private boolean replaceIfStalled() {
        Mount mount = mounts.find(path);
        LiveSource holder = mount == null ? null : mount.liveSource();
        if (replacing || holder == null || holder.relay() || mount.liveSilence().compareTo(STALLED) < 0) {
            return false;
        }
        replacing = true;
        log.info("source {} replaces the source of {} ({}), which has sent no audio for {} ms: taken for a dead "
                + "connection", source.remote(), path, holder.remote(), mount.liveSilence().toMillis());
        holder.disconnect();
        return true;
    }

    private void stop() {
        waiting = false;
        stopWaiting.run();
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
