package io.relaycast.loadtest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.relaycast.mp3.FrameHeader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One simulated player, and the only object the load test keeps per connection: it sends the request, reads the
 * response head, checks that the audio starts on an MPEG frame header whose next header chains, then only counts
 * bytes per {@link UnderrunWindows window}, leaving out the ICY metadata blocks of an answer with {@code icy-metaint}
 * (a player that asked for titles gets one every that many audio bytes). The audio itself is dropped as it arrives
 * (Netty's pooled read buffer is released at once), so 12,000 of these fit in a small heap and one thread.
 *
 * <p>All methods run on the load test's single event loop, so no field needs to be thread-safe.
 */
final class ListenerProbe extends ChannelInboundHandlerAdapter {

    /** What became of a listener. */
    enum Outcome { PENDING, SERVED, FAILED, DROPPED }

    /** Netty's connect and timeout messages end in {@code ": /127.0.0.1:8000"} or {@code ": host/127.0.0.1:8000"}. */
    private static final Pattern ADDRESS_SUFFIX = Pattern.compile(": [^ ]*/[0-9a-fA-F.:%\\[\\]]+:[0-9]+$");
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final byte[] METAINT = "icy-metaint:".getBytes(StandardCharsets.ISO_8859_1);
    /** A bigger icy-metaint is read as this: no server sends one, and the arithmetic stays in an int. */
    private static final int MAX_METAINT = 1 << 24;
    private static final int HEAD_VERSION = 0;
    private static final int HEAD_STATUS = 1;
    private static final int HEAD_REST = 2;
    private static final int BODY = 3;
    private static final int CHECK_FIRST = 0;
    private static final int CHECK_SKIP = 1;
    private static final int CHECK_NEXT = 2;
    private static final int CHECK_DONE = 3;

    private final UnderrunWindows rule;
    private final ByteBuf request;
    private final long startNanos;
    private final LoadTimeline timeline;
    private int phase = HEAD_VERSION;
    private int status;
    /** The head of a redirect (3xx), kept to name its {@code Location} in the failure; null for any other status. */
    private StringBuilder redirectHead;
    private int headBytes;
    private int last4;
    private int metaintMatched = -1;
    private int metaint;
    private int untilMetadata;
    private int metadataLeft;
    private long firstByteNanos = -1;
    private long bodyBytes;
    private int check = CHECK_FIRST;
    private int word;
    private int wordBytes;
    private int skip;
    private FrameHeader first;
    private boolean aligned;
    private long windowIndex;
    private long windowBytes;
    private int underrunWindows;
    private int judgedWindows;
    private Outcome outcome = Outcome.PENDING;
    private String failure;

    /**
     * @param rule       the underrun rule of the run
     * @param request    the request to send, shared by all probes: each writes a retained duplicate
     * @param startNanos when this listener began connecting: the origin of its TTFB and of its windows
     * @param timeline   where the run counts every read
     */
    ListenerProbe(UnderrunWindows rule, ByteBuf request, long startNanos, LoadTimeline timeline) {
        this.rule = rule;
        this.request = request;
        this.startNanos = startNanos;
        this.timeline = timeline;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(request.retainedDuplicate(), ctx.voidPromise());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf buf && outcome == Outcome.PENDING) {
                timeline.read(buf.readableBytes());
                received(buf, System.nanoTime());
                if (outcome == Outcome.FAILED) {
                    ctx.close();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closedByPeer(System.nanoTime());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (outcome == Outcome.PENDING) {
            if (firstByteNanos < 0) {
                fail("error: " + reason(cause));
            } else {
                drop(System.nanoTime());
            }
        }
        ctx.close();
    }

    /** Consumes bytes read at {@code now}: head first, then audio. */
    void received(ByteBuf buf, long now) {
        int index = buf.readerIndex();
        int end = buf.writerIndex();
        if (phase != BODY) {
            index = readHead(buf, index, end);
            if (phase != BODY || outcome == Outcome.FAILED) {
                return;
            }
        }
        if (metaint == 0) {
            audio(buf, index, end, now);
            return;
        }
        while (index < end) {
            if (metadataLeft > 0) {
                int skipped = Math.min(metadataLeft, end - index);
                metadataLeft -= skipped;
                index += skipped;
            } else if (untilMetadata == 0) {
                metadataLeft = 16 * (buf.getByte(index++) & 0xFF);
                untilMetadata = metaint;
            } else {
                int audio = Math.min(untilMetadata, end - index);
                audio(buf, index, index + audio, now);
                untilMetadata -= audio;
                index += audio;
            }
        }
    }

    /** Audio bytes from {@code index} to {@code end}, metadata blocks left out. */
    private void audio(ByteBuf buf, int index, int end, long now) {
        if (end <= index) {
            return;
        }
        if (firstByteNanos < 0) {
            firstByteNanos = now;
        }
        if (check != CHECK_DONE) {
            checkFrames(buf, index, end);
        }
        countAudio(end - index, now);
    }

    /** The connection could not be opened. */
    void connectFailed(Throwable cause) {
        fail("connect: " + reason(cause));
    }

    /**
     * What went wrong, as failures are counted by: the message without the remote address Netty appends (the same for
     * every listener), or the exception's name when it has no message (a read timeout, say).
     */
    static String reason(Throwable cause) {
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        return ADDRESS_SUFFIX.matcher(message).replaceFirst("");
    }

    /** The peer closed (or reset) the connection at {@code now}, before the test ended. */
    void closedByPeer(long now) {
        if (outcome != Outcome.PENDING) {
            return;
        }
        if (firstByteNanos < 0) {
            fail(phase == BODY ? "closed before audio" : "closed before response head");
        } else {
            drop(now);
        }
    }

    /** The test ends at {@code now}: judge the windows that ended, and settle whether this listener was served. */
    void endOfTest(long now) {
        if (outcome != Outcome.PENDING) {
            return;
        }
        if (firstByteNanos < 0) {
            fail(phase == BODY ? "no audio before the end" : "no response head before the end");
            return;
        }
        closeWindowsBefore(rule.windowOf(now - startNanos));
        outcome = Outcome.SERVED;
    }

    Outcome outcome() {
        return outcome;
    }

    String failure() {
        return failure;
    }

    /** Nanoseconds from starting to connect to the first audio byte, or -1 if none came. */
    long timeToFirstByteNanos() {
        return firstByteNanos < 0 ? -1 : firstByteNanos - startNanos;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    int underrunWindows() {
        return underrunWindows;
    }

    /** Windows that ended and were judged: without one, "no underrun" says nothing about this listener. */
    int judgedWindows() {
        return judgedWindows;
    }

    /** Whether the answer carried {@code icy-metaint}: a metadata block came after every that many audio bytes. */
    boolean icyMetadata() {
        return metaint > 0;
    }

    /** Whether enough audio arrived to judge the first frame and the header after it. */
    boolean startChecked() {
        return check == CHECK_DONE;
    }

    /** Whether the audio began on a valid frame header and the next header was where that frame ends. */
    boolean startAligned() {
        return aligned;
    }

    private int readHead(ByteBuf buf, int index, int end) {
        while (index < end && phase != BODY) {
            int b = buf.getByte(index++) & 0xFF;
            if (++headBytes > MAX_HEAD_BYTES) {
                fail("response head too long");
                return end;
            }
            last4 = last4 << 8 | b;
            if (phase == HEAD_VERSION && b == ' ') {
                phase = HEAD_STATUS;
            } else if (phase == HEAD_STATUS) {
                if (b >= '0' && b <= '9') {
                    status = status * 10 + b - '0';
                } else {
                    phase = HEAD_REST;
                    redirectHead = status >= 300 && status < 400 ? new StringBuilder() : null;
                }
            } else if (redirectHead != null) {
                redirectHead.append((char) b);
            }
            metaintHeader(b);
            if (last4 == 0x0D0A0D0A || (last4 & 0xFFFF) == 0x0A0A) {
                phase = BODY;
                untilMetadata = metaint;
                if (status != 200) {
                    fail("status " + status + redirectTarget());
                }
            }
        }
        return index;
    }

    /** {@code " to LOCATION"} for a redirect that names where to, else nothing: the load test follows none. */
    private String redirectTarget() {
        if (redirectHead == null) {
            return "";
        }
        for (String line : redirectHead.toString().split("\r?\n")) {
            if (line.regionMatches(true, 0, "location:", 0, 9)) {
                return " to " + line.substring(9).trim();
            }
        }
        return "";
    }

    /** Follows the head one byte at a time for an {@code icy-metaint} line, in any case, and reads its value. */
    private void metaintHeader(int b) {
        if (b == '\n') {
            metaintMatched = 0;
        } else if (metaintMatched < 0) {
            return;
        } else if (metaintMatched < METAINT.length) {
            metaintMatched = Character.toLowerCase(b) == METAINT[metaintMatched] ? metaintMatched + 1 : -1;
        } else if (b >= '0' && b <= '9') {
            metaint = Math.min(MAX_METAINT, metaint * 10 + b - '0');
        } else if (b != ' ' && b != '\t' && b != '\r') {
            metaintMatched = -1;
        }
    }

    private void checkFrames(ByteBuf buf, int index, int end) {
        while (index < end && check != CHECK_DONE) {
            if (check == CHECK_SKIP) {
                int skipped = Math.min(skip, end - index);
                skip -= skipped;
                index += skipped;
                if (skip == 0) {
                    check = CHECK_NEXT;
                }
                continue;
            }
            word = word << 8 | (buf.getByte(index++) & 0xFF);
            if (++wordBytes == 4) {
                headerWord();
            }
        }
    }

    private void headerWord() {
        FrameHeader header = FrameHeader.parse(word);
        wordBytes = 0;
        word = 0;
        if (check == CHECK_NEXT) {
            aligned = header != null && header.sameStreamAs(first);
            check = CHECK_DONE;
        } else if (header == null) {
            check = CHECK_DONE;
        } else {
            first = header;
            skip = header.frameLength() - 4;
            check = skip == 0 ? CHECK_NEXT : CHECK_SKIP;
        }
    }

    private void countAudio(int bytes, long now) {
        long window = rule.windowOf(now - startNanos);
        if (window != windowIndex) {
            closeWindowsBefore(window);
        }
        windowBytes += bytes;
        bodyBytes += bytes;
    }

    /** Judges every window before {@code window} not judged yet; windows with no read at all carried 0 bytes. */
    private void closeWindowsBefore(long window) {
        for (long judged = windowIndex; judged < window; judged++) {
            judgedWindows += rule.isJudged(judged) ? 1 : 0;
            if (rule.isUnderrun(judged, judged == windowIndex ? windowBytes : 0)) {
                underrunWindows++;
            }
        }
        if (window > windowIndex) {
            windowIndex = window;
            windowBytes = 0;
        }
    }

    private void drop(long now) {
        closeWindowsBefore(rule.windowOf(now - startNanos));
        outcome = Outcome.DROPPED;
    }

    private void fail(String why) {
        if (outcome == Outcome.PENDING) {
            outcome = Outcome.FAILED;
            failure = why;
        }
    }

    /** For failure messages in tests. */
    @Override
    public String toString() {
        return "ListenerProbe[" + outcome + (failure == null ? "" : ", " + failure) + ", " + bodyBytes + " bytes, "
                + underrunWindows + " underrun windows of " + judgedWindows + " judged, aligned " + aligned + "]";
    }
}
