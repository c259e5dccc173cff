package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.relaycast.mp3.ChannelMode;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.MpegVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ListenerProbeTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_000 * SECOND;
    private static final FrameHeader MP3 = new FrameHeader(MpegVersion.MPEG_1, 3, 128, 44100, false, ChannelMode.STEREO);
    private static final byte[] HEAD = "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\nicy-br: 128\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    /** 10 s at 128 kbit/s: 160,000 bytes per 10 s, so 72,000 bytes is exactly 90% of a 5 s window. */
    private static final UnderrunWindows RULE = UnderrunWindows.forBitrate(128, 5);

    private final ListenerProbe probe = new ListenerProbe(RULE, Unpooled.EMPTY_BUFFER, START, new LoadTimeline(START, () -> 0));

    @Test
    void underrunRuleIsNinetyPercentOfTheNominalBitratePerWindow() {
        assertThat(RULE.minimumBytes()).isEqualTo(72_000);
        assertThat(RULE.windowOf(4 * SECOND)).isZero();
        assertThat(RULE.windowOf(5 * SECOND)).isEqualTo(1);
        assertThat(RULE.isUnderrun(0, 0)).as("the first window holds connect and burst: exempt").isFalse();
        assertThat(RULE.isUnderrun(1, 71_999)).isTrue();
        assertThat(RULE.isUnderrun(1, 72_000)).isFalse();
    }

    @Test
    void aListenerFedAtTheBitrateIsServedWithoutUnderrun() {
        feed(HEAD, START + SECOND / 100);
        for (int tenth = 1; tenth < 200; tenth++) {
            feed(frames(1600 / 400), START + tenth * SECOND / 10);
        }
        probe.endOfTest(START + 20 * SECOND);

        assertThat(probe.outcome()).isEqualTo(ListenerProbe.Outcome.SERVED);
        assertThat(probe.underrunWindows()).isZero();
        assertThat(probe.timeToFirstByteNanos()).isEqualTo(SECOND / 10);
    }

    @Test
    void aWindowShortOfNinetyPercentCountsAsAnUnderrun() {
        feed(HEAD, START);
        feed(frames(200), START + SECOND);
        // Window 1 (5..10 s) gets 71,000 bytes: under the 72,000 needed.
        feed(new byte[71_000], START + 6 * SECOND);
        // Window 2 (10..15 s) gets enough; window 3 (15..20 s) nothing; 20 s ends the test with window 4 unfinished.
        feed(new byte[80_000], START + 11 * SECOND);
        probe.endOfTest(START + 22 * SECOND);

        assertThat(probe.outcome()).isEqualTo(ListenerProbe.Outcome.SERVED);
        assertThat(probe.underrunWindows()).isEqualTo(2);
    }

    @Test
    void anUnfinishedLastWindowIsNotJudged() {
        feed(HEAD, START);
        feed(new byte[100_000], START + SECOND);
        feed(new byte[1_000], START + 5 * SECOND);
        probe.endOfTest(START + 9 * SECOND);

        assertThat(probe.underrunWindows()).isZero();
    }

    @Test
    void onlyEndedWindowsAfterTheFirstCountAsJudged() {
        feed(HEAD, START);
        feed(new byte[64 * 1024], START + SECOND);
        ListenerProbe later = new ListenerProbe(RULE, Unpooled.EMPTY_BUFFER, START, new LoadTimeline(START, () -> 0));
        later.received(Unpooled.wrappedBuffer(concat(HEAD, new byte[64 * 1024])), START + SECOND);

        probe.endOfTest(START + 9 * SECOND);
        later.endOfTest(START + 22 * SECOND);

        assertThat(probe.judgedWindows()).isZero();
        assertThat(probe.underrunWindows()).isZero();
        assertThat(later.judgedWindows()).isEqualTo(3);
        assertThat(later.underrunWindows()).isEqualTo(3);
    }

    @Test
    void audioStartingOnAFrameWhoseNextHeaderChainsIsAligned() {
        byte[] stream = concat(HEAD, frames(3));
        // Split everywhere, one byte at a time: the check must survive any read boundary.
        for (int i = 0; i < stream.length; i++) {
            feed(new byte[] {stream[i]}, START + i);
        }
        assertThat(probe.startChecked()).isTrue();
        assertThat(probe.startAligned()).isTrue();
    }

    @Test
    void audioStartingMidFrameIsNotAligned() {
        byte[] audio = frames(3);
        feed(concat(HEAD, Arrays.copyOfRange(audio, 100, audio.length)), START + SECOND);

        assertThat(probe.startChecked()).isTrue();
        assertThat(probe.startAligned()).isFalse();
    }

    @Test
    void aValidFirstHeaderWithoutAChainingSecondIsNotAligned() {
        byte[] audio = frames(2);
        audio[MP3.frameLength()] = 0x12;
        feed(concat(HEAD, audio), START + SECOND);

        assertThat(probe.startChecked()).isTrue();
        assertThat(probe.startAligned()).isFalse();
    }

    @Test
    void aStatusOtherThan200FailsWithTheStatus() {
        feed("HTTP/1.0 503 Service Unavailable\r\n\r\nServer full".getBytes(StandardCharsets.ISO_8859_1), START + SECOND);
        probe.endOfTest(START + 10 * SECOND);

        assertThat(probe.outcome()).isEqualTo(ListenerProbe.Outcome.FAILED);
        assertThat(probe.failure()).isEqualTo("status 503");
        assertThat(probe.timeToFirstByteNanos()).isEqualTo(-1);
    }

    @Test
    void aRedirectFailsNamingWhereItPoints() {
        feed("HTTP/1.1 302 Found\r\nContent-Length: 0\r\nlocation: http://elsewhere:8000/stream\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), START + SECOND);

        assertThat(probe.outcome()).isEqualTo(ListenerProbe.Outcome.FAILED);
        assertThat(probe.failure()).isEqualTo("status 302 to http://elsewhere:8000/stream");
    }

    @Test
    void aHeadSplitAcrossReadsIsParsed() {
        feed(Arrays.copyOf(HEAD, 10), START + 1);
        feed(Arrays.copyOfRange(HEAD, 10, HEAD.length - 1), START + 2);
        assertThat(probe.timeToFirstByteNanos()).isEqualTo(-1);
        feed(concat(new byte[] {HEAD[HEAD.length - 1]}, frames(2)), START + 3);

        assertThat(probe.timeToFirstByteNanos()).isEqualTo(3);
        assertThat(probe.bodyBytes()).isEqualTo(2L * MP3.frameLength());
    }

    @Test
    void aConnectionClosedAfterAudioIsDroppedAndBeforeAudioFailed() {
        feed(concat(HEAD, frames(2)), START + SECOND);
        probe.closedByPeer(START + 2 * SECOND);
        probe.endOfTest(START + 10 * SECOND);
        assertThat(probe.outcome()).isEqualTo(ListenerProbe.Outcome.DROPPED);

        ListenerProbe silent = new ListenerProbe(RULE, Unpooled.EMPTY_BUFFER, START, new LoadTimeline(START, () -> 0));
        silent.received(Unpooled.wrappedBuffer(HEAD), START + SECOND);
        silent.closedByPeer(START + 2 * SECOND);
        assertThat(silent.outcome()).isEqualTo(ListenerProbe.Outcome.FAILED);
        assertThat(silent.failure()).isEqualTo("closed before audio");
    }

    @Test
    void metadataBlocksEveryMetaintBytesCountNeitherAsAudioNorInTheFrameCheck() {
        byte[] head = "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\nIcy-MetaInt: 100\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] audio = frames(3);
        byte[] stream = concat(head, withMetadataEvery(100, audio));
        // Reads of 7 bytes: blocks, length bytes and frame headers all cross read boundaries somewhere.
        for (int i = 0; i < stream.length; i += 7) {
            feed(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 7)), START + SECOND + i);
        }

        assertThat(probe.startChecked()).isTrue();
        assertThat(probe.startAligned()).isTrue();
        assertThat(probe.bodyBytes()).isEqualTo(audio.length);
    }

    @Test
    void anErrorBeforeAudioFailsWithTheCausesMessage() {
        EmbeddedChannel channel = new EmbeddedChannel(probe);

        channel.pipeline().fireExceptionCaught(new IOException("recvAddress(..) failed: Connection reset by peer"));

        assertThat(probe.failure()).isEqualTo("error: recvAddress(..) failed: Connection reset by peer");
        channel.finishAndReleaseAll();
    }

    @Test
    void aConnectFailureIsCountedByItsReasonWithoutTheAddress() {
        probe.connectFailed(new ConnectException("connect(..) failed: Connection refused: /127.0.0.1:9"));

        assertThat(probe.failure()).isEqualTo("connect: connect(..) failed: Connection refused");
    }

    private void feed(byte[] bytes, long now) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            probe.received(buf, now);
        } finally {
            buf.release();
        }
    }

    private static byte[] frames(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] frame = new byte[MP3.frameLength()];
            int header = MP3.encode();
            frame[0] = (byte) (header >>> 24);
            frame[1] = (byte) (header >>> 16);
            frame[2] = (byte) (header >>> 8);
            frame[3] = (byte) header;
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    /** {@code audio} as a server sends it to a player that asked for titles: a metadata block after every metaint bytes. */
    private static byte[] withMetadataEvery(int metaint, byte[] audio) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] title = "StreamTitle='a';".getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at < audio.length; at += metaint) {
            out.write(audio, at, Math.min(metaint, audio.length - at));
            if (at + metaint > audio.length) {
                break;
            }
            boolean withTitle = at / metaint % 2 == 0;
            out.write(withTitle ? 1 : 0);
            if (withTitle) {
                out.writeBytes(title);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
