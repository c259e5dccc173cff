package io.relaycast.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.timeout.IdleStateEvent;
import io.relaycast.http.Credentials;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.http.Responses;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.StreamInfo;
import io.relaycast.mp3.Mp3FrameDecoder;
import io.relaycast.server.PipelineNames;
import io.relaycast.source.SourceAdmission;
import io.relaycast.source.SourceIdleHandler;
import io.relaycast.source.SourceIngestHandler;
import io.relaycast.source.StreamInfoHeaders;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's side of an origin connection: asks for the mount with ICY metadata, reads the response head ({@code HTTP/1.x
 * 200} from Icecast and relaycast, {@code ICY 200 OK} from SHOUTcast), and on success makes the connection the local
 * mount's live input: ICY blocks taken out (titles go to the mount), then the same frame decoder and ingest as a source
 * that pushes, the mount claimed with the first frame of audio. Anything else (another status, the mount held by a
 * local source) is logged and the connection closed, as is a stream that is not MP3 (by its type, or by its bytes: {@link
 * OriginFormatCheck}), which the relay is told of, to log and to ask for less often; {@link RelayPuller} tries
 * again later, as after an origin that answers nothing for the source timeout (the idle handler in front of this one
 * since the connection opened) or does not finish its head within it; once live, the idle handler moves behind the frame
 * decoder and times out the stream, as for any source, when no audio comes.
 */
final class OriginHandshake extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(OriginHandshake.class);
    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final String STRIPPER = "icyStripper";
    static final String FILLER_WATCH = "originFillerWatch";
    static final String FORMAT_CHECK = "originFormatCheck";
    private static final Set<String> REDIRECTS = Set.of("301", "302", "303", "307", "308");

    private final URI origin;
    private final String shown;
    private final Mount mount;
    private final Duration timeout;
    private final Charset charset;
    private final Runnable connected;
    private final Runnable firstAudio;
    private final Consumer<String> refusedFormat;
    /** Told the Location of a redirect, just before the connection is closed; null: redirects are refusals. */
    private Consumer<String> redirected;
    private boolean done;
    /** The status line of a refusal whose body (the reason) is being read, or null. */
    private String refusal;
    /** The refusal's Content-Length, or -1 when it has none (the body ends when the origin closes). */
    private int refusalLength = -1;
    private ScheduledFuture<?> headDeadline;

    /**
     * @param connected     told when the origin's answer is taken (the mount is claimed with its first audio)
     * @param firstAudio    told of the connection's first frame of real audio (not filler)
     * @param refusedFormat told the content type of an origin that answers with a format this server does not relay,
     *                      just before the connection is closed (the relay logs it, and waits longer to ask again)
     */
    /** {@code charset}: what the origin's texts that are not UTF-8 are in (the relay mount's {@code charset}). */
    OriginHandshake(URI origin, Mount mount, Duration timeout, Charset charset, Runnable connected, Runnable firstAudio,
                    Consumer<String> refusedFormat) {
        this.origin = origin;
        this.charset = charset;
        this.shown = Credentials.withoutPassword(origin);
        this.mount = mount;
        this.timeout = timeout;
        this.connected = connected;
        this.firstAudio = firstAudio;
        this.refusedFormat = refusedFormat;
    }

    /** Follows redirects: {@code redirected} is told each one's Location, and the connection closes. */
    OriginHandshake followingRedirects(Consumer<String> redirected) {
        this.redirected = redirected;
        return this;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Letters beyond ASCII (a mount /café) as the request line must carry them: percent-encoded UTF-8.
        URI ascii = URI.create(origin.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String query = ascii.getRawQuery() == null ? "" : "?" + ascii.getRawQuery();
        String host = origin.getHost() + (origin.getPort() > 0 ? ":" + origin.getPort() : "");
        // An origin mount behind a login (Icecast's <username>/<password> of a relay): http://user:password@host/mount.
        String userInfo = origin.getUserInfo();
        String authorization = userInfo == null ? "" : "Authorization: " + Credentials.basicAuthorization(userInfo) + "\r\n";
        String request = "GET " + path + query + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: " + Responses.SERVER
                + "\r\nIcy-MetaData: 1\r\nAccept: */*\r\n" + authorization + "\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        // The idle handler gives up on an origin that says nothing; this, on one that never finishes saying its head.
        headDeadline = ctx.executor().schedule(() -> {
            if (!done && refusal == null) {
                giveUp(ctx, "no whole response head within " + timeout.toSeconds() + " s");
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (headDeadline != null) {
            headDeadline.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (refusal != null) {
            readRefusal(ctx, in, false);
            return;
        }
        int end = endOfHead(in);
        if (end < 0) {
            if (in.readableBytes() > MAX_HEAD_BYTES) {
                giveUp(ctx, "no response head within " + MAX_HEAD_BYTES + " bytes");
            }
            return;
        }
        String head = in.readCharSequence(end - in.readerIndex(), StandardCharsets.ISO_8859_1).toString();
        in.skipBytes(in.getByte(in.readerIndex()) == '\r' ? 4 : 2);
        String[] lines = head.split("\r?\n");
        String[] status = lines[0].split(" ", 3);
        HttpHeaders headers = new DefaultHttpHeaders(false);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String location = headers.get("location");
        if (redirected != null && status.length >= 2 && REDIRECTS.contains(status[1]) && location != null) {
            done = true;
            redirected.accept(location);
            ctx.close();
            return;
        }
        if (status.length < 2 || !status[1].equals("200")) {
            // Icecast says why in the body ("Mountpoint in use", "Source does not exist"): read it before giving up.
            refusal = lines[0];
            String length = headers.get("content-length");
            refusalLength = length != null && length.trim().matches("[0-9]{1,9}") ? Integer.parseInt(length.trim()) : -1;
            readRefusal(ctx, in, false);
            return;
        }
        goLive(ctx, headers);
    }

    /**
     * Gives up with the refusal's status line and the reason in its body, once the body is all there: its Content-Length
     * read, {@link OriginRefusal#MAX_BODY_BYTES} read, or {@code ended} (the origin closed, or said nothing more for the
     * source timeout).
     */
    private void readRefusal(ChannelHandlerContext ctx, ByteBuf in, boolean ended) {
        int wanted = refusalLength < 0 ? OriginRefusal.MAX_BODY_BYTES : Math.min(refusalLength, OriginRefusal.MAX_BODY_BYTES);
        if (!ended && in.readableBytes() < wanted) {
            return;
        }
        String body = in.readCharSequence(Math.min(wanted, in.readableBytes()), StandardCharsets.UTF_8).toString();
        in.skipBytes(in.readableBytes());
        String reason = OriginRefusal.reason(body);
        giveUp(ctx, "origin answered '" + refusal + "'" + (reason.isEmpty() ? "" : ": " + reason));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (refusal != null && !done) {
            readRefusal(ctx, in, true);
            return;
        }
        super.decodeLast(ctx, in, out);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        if (refusal != null && !done) {
            // Closed with no body at all: decodeLast had nothing to read.
            readRefusal(ctx, Unpooled.EMPTY_BUFFER, true);
        }
    }

    /** The source idle handler, in front since the connection opened, says the origin has sent nothing for a while. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent && !done) {
            if (refusal != null) {
                readRefusal(ctx, internalBuffer(), true);
            } else {
                giveUp(ctx, "no answer within " + timeout.toSeconds() + " s");
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /** Index of the blank line ending the head (at its CR, or its LF when lines end in LF alone), or -1. */
    private static int endOfHead(ByteBuf in) {
        for (int i = in.readerIndex(); i + 1 < in.writerIndex(); i++) {
            if (in.getByte(i) == '\n' && in.getByte(i + 1) == '\n') {
                return i;
            }
            if (i + 3 < in.writerIndex() && in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                    && in.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void goLive(ChannelHandlerContext ctx, HttpHeaders headers) {
        String contentType = StreamInfoHeaders.contentType(headers);
        if (!SourceAdmission.isMpeg(contentType)) {
            done = true;
            refusedFormat.accept(contentType);
            ctx.close();
            return;
        }
        StreamInfo info = StreamInfoHeaders.read(headers, charset);
        LiveSource source = new LiveSource(ctx.channel().remoteAddress(), "relay of " + shown, Instant.now(), info,
                () -> ctx.channel().close(), true);
        // The mount is claimed with the first frame of audio (OriginFillerWatch): no MP3, or filler, never takes it.
        done = true;
        connected.run();
        log.info("relay {} <- {} connected ({})", mount.path(), shown, info.name().isEmpty() ? "unnamed" : info.name());
        ChannelPipeline pipeline = ctx.pipeline();
        String after = ctx.name();
        String metaint = headers.get("icy-metaint");
        Supplier<IcyMetadata> lastTitle = () -> null;
        if (metaint != null && metaint.trim().matches("[1-9][0-9]{0,8}")) {
            IcyStripper stripper = new IcyStripper(Integer.parseInt(metaint.trim()), title -> titleFromOrigin(source, title),
                    charset);
            pipeline.addAfter(after, STRIPPER, stripper);
            after = STRIPPER;
            lastTitle = stripper::last;
        }
        Mp3FrameDecoder frames = new Mp3FrameDecoder();
        pipeline.addAfter(after, PipelineNames.FRAME_DECODER, frames);
        pipeline.addAfter(PipelineNames.FRAME_DECODER, FORMAT_CHECK, new OriginFormatCheck(frames.stats(), contentType,
                refusedFormat));
        // From here on only audio counts, as for a source that pushes: an origin sending bytes that are no MP3 (a page,
        // another format) is given up after the source timeout, or as a refused format once it has sent enough of them.
        // Filler frames count: the watch below handles those.
        pipeline.remove(PipelineNames.SOURCE_IDLE);
        pipeline.addAfter(FORMAT_CHECK, PipelineNames.SOURCE_IDLE, new SourceIdleHandler(timeout));
        pipeline.addAfter(PipelineNames.SOURCE_IDLE, FILLER_WATCH, new OriginFillerWatch(mount, source, shown, lastTitle,
                firstAudio));
        pipeline.addAfter(FILLER_WATCH, PipelineNames.SOURCE_INGEST,
                new SourceIngestHandler(mount, source, frames, "RELAY " + shown, timeout));
        // Removing this decoder hands whatever audio came with the head on to the stripper or the frame decoder.
        pipeline.remove(this);
    }

    /**
     * Shows the origin's new title if the relay holds the mount: while it has stepped aside, a local source may hold it,
     * whose listeners must not see the origin's titles. {@link OriginFillerWatch} shows the last one on taking it back.
     */
    private void titleFromOrigin(LiveSource source, IcyMetadata title) {
        if (mount.liveSource() == source) {
            mount.updateMetadata(title);
        }
    }

    private void giveUp(ChannelHandlerContext ctx, String why) {
        done = true;
        log.warn("relay {} <- {}: {}", mount.path(), shown, why);
        ctx.close();
    }
}
