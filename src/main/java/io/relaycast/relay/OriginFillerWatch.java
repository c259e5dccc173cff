package io.relaycast.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SilentFrames;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a relayed mount play its own fallback while the origin has nothing on air. When an origin's source leaves and
 * the origin has no fallback, an Icecast origin drops its listeners, the relay with them, and the relay's mount plays
 * its playlist or fallback mount; a relaycast origin keeps its listeners with frames of silence instead, which would
 * keep the relay's mount live on dead air. So after {@link #STEP_ASIDE} of nothing but such filler the relay gives its
 * mount up while staying connected, and takes it back with the origin's first frame of real audio, and with the origin's
 * title (also one announced meanwhile, which the origin does not repeat as new).
 *
 * <p>It claims the mount with the connection's first frame of real audio, not when the origin answers nor with its
 * filler: an origin whose stream is no MP3, or that has nothing on air when the relay connects, must not hold the mount
 * on dead air while this mount's fallback could play.
 *
 * <p>It also tells the relay of the connection's first frame of real audio: only then has the origin been of use, and
 * the relay's pauses between tries start short again (an origin that answers 200 and then closes is no success).
 */
final class OriginFillerWatch extends ChannelInboundHandlerAdapter {

    static final Duration STEP_ASIDE = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(OriginFillerWatch.class);

    private final Mount mount;
    private final LiveSource source;
    private final String shown;
    /** The origin's title as last passed on, or null (none yet, or an origin without ICY metadata). */
    private final Supplier<IcyMetadata> lastTitle;
    /** Told once, of the first frame of real audio; then null. */
    private Runnable firstAudio;
    private long fillerNanos;
    private boolean aside;
    /** The mount was held by a source when the origin's audio came (back): the connection is closing. */
    private boolean givenUp;
    /** Whether the mount was claimed: with the first frame of real audio, not the answer, which may be no MP3 at all. */
    private boolean claimed;

    OriginFillerWatch(Mount mount, LiveSource source, String shown, Supplier<IcyMetadata> lastTitle, Runnable firstAudio) {
        this.mount = mount;
        this.firstAudio = firstAudio;
        this.lastTitle = lastTitle;
        this.source = source;
        this.shown = shown;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Mp3Frame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean filler = SilentFrames.isFiller(frame.content());
        // Filler before the first real audio is an origin with nothing on air: it must not take the mount from its fallback.
        if (givenUp || !claimed && (filler || !claim(ctx, "mount " + mount.path() + " is held by a source"))) {
            frame.release();
            return;
        }
        if (filler) {
            fillerNanos += frame.durationNanos();
            if (!aside && fillerNanos >= STEP_ASIDE.toNanos()) {
                aside = true;
                mount.releaseLive(source);
                log.info("relay {} <- {}: the origin sends only filler (nothing on air there); this mount's fallback plays",
                        mount.path(), shown);
            }
            if (aside) {
                frame.release();
                return;
            }
            ctx.fireChannelRead(frame);
            return;
        }
        fillerNanos = 0;
        if (firstAudio != null) {
            firstAudio.run();
            firstAudio = null;
        }
        if (aside && !takeBack(ctx)) {
            frame.release();
            return;
        }
        ctx.fireChannelRead(frame);
    }

    private boolean takeBack(ChannelHandlerContext ctx) {
        if (!claim(ctx, "the origin is on air again but a source holds the mount; reconnecting later")) {
            return false;
        }
        aside = false;
        log.info("relay {} <- {}: the origin is on air again", mount.path(), shown);
        return true;
    }

    /** Makes the origin the mount's live input, with its title; or, {@code held} by a source, warns and hangs up. */
    private boolean claim(ChannelHandlerContext ctx, String held) {
        if (!mount.claimLive(source)) {
            log.warn("relay {} <- {}: {}", mount.path(), shown, held);
            givenUp = true;
            ctx.close();
            return false;
        }
        claimed = true;
        IcyMetadata title = lastTitle.get();
        if (title != null) {
            // Claiming the mount cleared its title, as for a new source; the origin does not send an unchanged one again.
            mount.updateMetadata(title);
        }
        return true;
    }
}
