package io.relaycast.source;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.relaycast.http.AccessLog;
import io.relaycast.http.ClientAddress;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.Mp3FrameDecoder;
import io.relaycast.mp3.SyncStats;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a source's pipeline: hands each whole frame to the mount, drops a source that sent no audio for the source
 * timeout (nothing at all, or bytes that are not MP3: AAC or Ogg labelled audio/mpeg), and gives the mount back when the
 * connection ends.
 */
public final class SourceIngestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SourceIngestHandler.class);
    /** Tasks waiting on the mount's loop (a frame each, from a source on another loop) at which a source is held back. */
    static final int MAX_MOUNT_BACKLOG = 1024;
    /**
     * Source timeouts a tag may keep arriving, since the last frame, before its source is dropped all the same: a tag may
     * claim 256 MB, and one that trickles in for ever would hold the mount, its listeners hearing dead air.
     */
    static final int MAX_TAG_TIMEOUTS = 4;
    /** Tag bytes a second below which a tag does not count as progress: the lowest MP3 bitrate, 8 kbit/s, would carry more. */
    static final long MIN_TAG_BYTES_PER_SECOND = 1000;

    private final Mount mount;
    private final LiveSource source;
    private final Mp3FrameDecoder decoder;
    private final String requestLine;
    private final String userAgent;
    private final Duration timeout;
    private final long startNanos = System.nanoTime();
    private long lastFrameNanos = startNanos;
    private long droppedReported;
    /** Bytes the decoder had dropped when the last frame came: what came since is not audio. */
    private long droppedAtLastFrame;
    /** Tag bytes the decoder had skipped at the last frame or idle check: a tag still arriving is not silence. */
    private long tagBytesSeen;
    private boolean timedOut;
    /** Whether reading stopped until the mount's loop catches up: see {@link #holdBackWhileTheMountIsBehind}. */
    private boolean holdingBack;
    /** Whether the server held the source back since its last frame: its silence counts from when reading resumed. */
    private boolean heldBackSinceFrame;
    /**
     * Whether the source has held the mount: a relay claims it only with the origin's first audio, and an origin refused
     * or given up before that was never the mount's source, so its bytes and timeout do not count on the mount.
     */
    private boolean heldTheMount;

    SourceIngestHandler(Mount mount, LiveSource source, Mp3FrameDecoder decoder, HttpRequest request, Duration timeout) {
        this(mount, source, decoder, request.method() + " " + request.uri() + " " + request.protocolVersion(), timeout);
    }

    /** {@code requestLine} is what the access log shows for this source. */
    public SourceIngestHandler(Mount mount, LiveSource source, Mp3FrameDecoder decoder, String requestLine, Duration timeout) {
        this.mount = mount;
        this.source = source;
        this.decoder = decoder;
        this.requestLine = requestLine;
        this.userAgent = source.userAgent();
        this.timeout = timeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Mp3Frame frame) {
            // Only a source holding the mount gets its frames here (a relay's, once it claimed it with its first audio).
            heldTheMount = true;
            droppedAtLastFrame = decoder.stats().bytesDropped();
            tagBytesSeen = decoder.stats().tagBytes();
            lastFrameNanos = System.nanoTime();
            heldBackSinceFrame = false;
            mount.offerLive(source, frame);
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reportDropped();
        holdBackWhileTheMountIsBehind(ctx);
        ctx.fireChannelReadComplete();
    }

    /**
     * A source that sends faster than its mount's loop takes its frames (a whole file uploaded at network speed, the
     * mount's loop busy with thousands of listeners) is not read until that loop has worked through what it was given:
     * a task queued behind its backlog lets the source be read again. Otherwise its frames would queue there without
     * bound. Icecast reads a source only as fast as it sends the audio on, too.
     */
    private void holdBackWhileTheMountIsBehind(ChannelHandlerContext ctx) {
        EventLoop mountLoop = mount.loop();
        if (holdingBack || mountLoop.inEventLoop() || !(mountLoop instanceof SingleThreadEventExecutor executor)
                || executor.pendingTasks() < MAX_MOUNT_BACKLOG) {
            return;
        }
        holdingBack = true;
        heldBackSinceFrame = true;
        ctx.channel().config().setAutoRead(false);
        try {
            mountLoop.execute(() -> ctx.executor().execute(() -> {
                holdingBack = false;
                ctx.channel().config().setAutoRead(true);
            }));
        } catch (RejectedExecutionException shuttingDown) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (heldBackSinceFrame) {
            // The server, not the source, stopped the reading: the source gets a whole timeout once it is read again.
            heldBackSinceFrame = holdingBack;
            return;
        }
        long tagBytes = decoder.stats().tagBytes();
        long tagArrived = tagBytes - tagBytesSeen;
        tagBytesSeen = tagBytes;
        Duration sinceFrame = Duration.ofNanos(System.nanoTime() - lastFrameNanos);
        if (tagArrived > 0 && tagIsStillWorthWaitingFor(tagArrived, sinceFrame)) {
            // A big tag (cover art) on a slow uplink: frames follow it. Checked again after another timeout.
            return;
        }
        timedOut = true;
        if (hasHeldTheMount()) {
            mount.stats().sourceTimedOut();
        }
        if (tagArrived > 0) {
            log.warn("source {} on {} sent no MP3 frame for {} s, only a tag ({} bytes in the last {} s): dropped, the tag "
                    + "never ended", source.remote(), mount.path(), sinceFrame.toSeconds(), tagArrived, timeout.toSeconds());
        } else {
            logSilence(ctx);
        }
        ctx.close();
    }

    /** Whether {@code tagArrived} bytes of tag in the last timeout, {@code sinceFrame} after the last frame, are progress. */
    private boolean tagIsStillWorthWaitingFor(long tagArrived, Duration sinceFrame) {
        return tagArrived >= MIN_TAG_BYTES_PER_SECOND * timeout.toMillis() / 1000
                && sinceFrame.compareTo(timeout.multipliedBy(MAX_TAG_TIMEOUTS)) < 0;
    }

    private void logSilence(ChannelHandlerContext ctx) {
        long notAudio = decoder.stats().bytesDropped() - droppedAtLastFrame;
        if (notAudio == 0 && ClientAddress.throughHttpProxy(ctx.channel())) {
            log.warn("source {} on {} sent nothing for {} s: dropped. It came through the HTTP proxy at {}, which passes "
                    + "on none of a body sent without a length, as encoders send their audio: let encoders connect "
                    + "directly, or through a TCP proxy", source.remote(), mount.path(), timeout.toSeconds(),
                    ctx.channel().remoteAddress());
        } else if (notAudio == 0) {
            log.info("source {} on {} sent nothing for {} s: dropped", source.remote(), mount.path(), timeout.toSeconds());
        } else {
            log.warn("source {} on {} sent {} bytes but no MP3 frame for {} s: dropped (not MPEG audio? AAC or Ogg sent "
                    + "as audio/mpeg?)", source.remote(), mount.path(), notAudio, timeout.toSeconds());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reportDropped();
        mount.releaseLive(source);
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        SyncStats sync = decoder.stats();
        log.info("source {} left {} after {} s{}: {} frames, {} bytes dropped by resync", source.remote(), mount.path(), seconds,
                timedOut ? " (timeout)" : "", sync.framesEmitted(), sync.bytesDropped());
        AccessLog.of(ctx.channel()).write(new AccessLog.Entry(source.remote(), "source", ZonedDateTime.now(), requestLine,
                200, sync.bytesEmitted() + sync.bytesDropped(), "", userAgent, seconds));
        ctx.fireChannelInactive();
    }

    private void reportDropped() {
        long dropped = decoder.stats().bytesDropped();
        if (dropped != droppedReported && hasHeldTheMount()) {
            mount.stats().resyncDropped(dropped - droppedReported);
            droppedReported = dropped;
        }
    }

    private boolean hasHeldTheMount() {
        heldTheMount = heldTheMount || mount.liveSource() == source;
        return heldTheMount;
    }
}
