package io.relaycast.mp3;

import static io.relaycast.mp3.TestStreams.concat;
import static io.relaycast.mp3.TestStreams.describe;
import static io.relaycast.mp3.TestStreams.frame;
import static io.relaycast.mp3.TestStreams.frames;
import static io.relaycast.mp3.TestStreams.mpeg1;
import static io.relaycast.mp3.TestStreams.sync;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameSyncTest {

    private static final FrameHeader LSF = new FrameHeader(MpegVersion.MPEG_2, 3, 64, 22050, false, ChannelMode.MONO);

    private final Random rnd = new Random(42);

    @Test
    void passesACleanVbrStreamThrough() {
        List<byte[]> frames = vbrRun(10);
        byte[] input = concat(frames);

        TestStreams.Result result = sync(input, input.length);

        assertThat(describe(result.frames())).isEqualTo(describe(frames));
        assertThat(result.stats().framesEmitted()).isEqualTo(10);
        assertThat(result.stats().bytesEmitted()).isEqualTo(input.length);
        assertThat(result.stats().bytesDropped()).isZero();
        assertThat(result.stats().resyncs()).isZero();
        assertThat(result.gaps()).as("only the stream's start is a gap").containsExactly(0);
    }

    @Test
    void skipsALeadingId3v2TagLikeFfmpegWrites() {
        List<byte[]> frames = vbrRun(6);
        byte[] tag = TestStreams.id3v2(rnd, 4000, false);

        TestStreams.Result result = sync(concat(tag, concat(frames)), 1000);

        assertThat(describe(result.frames())).isEqualTo(describe(frames));
        assertThat(result.stats().tagsSkipped()).isEqualTo(1);
        assertThat(result.stats().bytesDropped()).isEqualTo(tag.length);
    }

    @Test
    void skipsId3v2WithFooterId3v1AndApeTagsBetweenFrames() {
        List<byte[]> a = vbrRun(4);
        List<byte[]> b = vbrRun(4);
        List<byte[]> c = vbrRun(4);
        List<byte[]> d = vbrRun(4);
        List<byte[]> e = vbrRun(4);
        byte[] id3v1 = TestStreams.id3v1(rnd);
        byte[] apeWithHeader = TestStreams.apeWithHeader(rnd);
        byte[] apeFooterOnly = TestStreams.apeFooterOnly(rnd);
        byte[] id3v2 = TestStreams.id3v2(rnd, 300, true);
        byte[] input = concat(concat(a), id3v1, concat(b), apeWithHeader, concat(c), apeFooterOnly, concat(d), id3v2, concat(e));

        TestStreams.Result result = sync(input, 777);

        assertThat(describe(result.frames())).isEqualTo(describe(a, b, c, d, e));
        assertThat(result.stats().tagsSkipped()).isEqualTo(4);
        assertThat(result.stats().bytesDropped()).isEqualTo(concat(id3v1, apeWithHeader, apeFooterOnly, id3v2).length);
        assertThat(result.stats().resyncs()).isZero();
    }

    @Test
    void anId3v2HeaderFollowedByAudioIsNotATagThatSwallowsTheAudio() {
        List<byte[]> a = vbrRun(4);
        List<byte[]> b = vbrRun(40);
        // "ID3", v2.4, no flags, a syncsafe size of 256 MB; then the audio goes on.
        byte[] bogus = {'I', 'D', '3', 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F};

        TestStreams.Result result = sync(concat(concat(a), bogus, concat(b)), 777);

        assertThat(result.stats().tagsSkipped()).isZero();
        List<String> frames = describe(result.frames());
        assertThat(frames.subList(frames.size() - b.size(), frames.size())).isEqualTo(describe(b));
    }

    @Test
    void aTagClaimingMoreThanItHoldsEndsWhereTheAudioGoesOn() {
        // A real tag's start (a TIT2 frame) under a size field that claims 256 MB: a corrupt header or a tagger's bug.
        byte[] tag = TestStreams.id3v2(rnd, 2000, false);
        Arrays.fill(tag, 6, 10, (byte) 0x7F);

        assertAudioAfterTheTagIsKept(tag, 777);
    }

    @Test
    void anApeTagClaimingItsLargestSizeEndsWhereTheAudioGoesOn() {
        byte[] ape = TestStreams.apeWithHeader(rnd);
        // The header's size field (little-endian, after "APETAGEX" and the version) claims 64 MB.
        System.arraycopy(new byte[] {0, 0, 0, 4}, 0, ape, 12, 4);

        assertAudioAfterTheTagIsKept(ape, 1000);
    }

    private void assertAudioAfterTheTagIsKept(byte[] tag, int chunk) {
        List<byte[]> a = vbrRun(4);
        List<byte[]> b = vbrRun(40);

        TestStreams.Result result = sync(concat(concat(a), tag, concat(b)), chunk);

        assertThat(describe(result.frames())).isEqualTo(describe(a, b));
        assertThat(result.stats().tagsSkipped()).isEqualTo(1);
        assertThat(result.stats().tagsCutShort()).isEqualTo(1);
        assertThat(result.stats().bytesDropped()).isEqualTo(tag.length);
        assertThat(result.gaps()).as("the audio after the tag starts a new run").containsExactly(0, a.size());
    }

    @Test
    void audioTooShortToProveItselfInsideATagIsSkippedWithTheTag() {
        List<byte[]> a = vbrRun(4);
        List<byte[]> b = vbrRun(4);
        // Seven frames inside the tag's body, then its padding: not enough to end it. The tag's true size covers them.
        byte[] inner = concat(vbrRun(7));
        byte[] head = TestStreams.id3v2(rnd, 20, false);
        byte[] tag = concat(head, inner, new byte[100]);
        int body = tag.length - 10;
        tag[6] = (byte) (body >>> 21 & 0x7F);
        tag[7] = (byte) (body >>> 14 & 0x7F);
        tag[8] = (byte) (body >>> 7 & 0x7F);
        tag[9] = (byte) (body & 0x7F);

        TestStreams.Result result = sync(concat(concat(a), tag, concat(b)), 500);

        assertThat(describe(result.frames())).isEqualTo(describe(a, b));
        assertThat(result.stats().tagsCutShort()).isZero();
        assertThat(result.stats().bytesDropped()).isEqualTo(tag.length);
    }

    @Test
    void id3v2TagsStartingWithAnExtendedHeaderOrPaddingAreSkipped() {
        List<byte[]> a = vbrRun(4);
        List<byte[]> b = vbrRun(4);
        List<byte[]> c = vbrRun(4);
        byte[] extended = concat(new byte[] {'I', 'D', '3', 3, 0, 0x40, 0, 0, 0, 20}, new byte[] {0, 0, 0, 6},
            new byte[16]);
        byte[] paddingOnly = concat(new byte[] {'I', 'D', '3', 2, 0, 0, 0, 0, 0, 30}, new byte[30]);

        TestStreams.Result result = sync(concat(concat(a), extended, concat(b), paddingOnly, concat(c)), 333);

        assertThat(describe(result.frames())).isEqualTo(describe(a, b, c));
        assertThat(result.stats().tagsSkipped()).isEqualTo(2);
    }

    @Test
    void dropsJunkFullOfFalseSyncWords() {
        byte[] junk = new byte[3000];
        rnd.nextBytes(junk);
        for (int i = 0; i + 1 < junk.length; i += 37) {
            junk[i] = (byte) 0xFF;
            junk[i + 1] = (byte) 0xFB;
        }
        List<byte[]> frames = vbrRun(5);

        TestStreams.Result result = sync(concat(junk, concat(frames), junk), 512);

        assertThat(describe(result.frames())).isEqualTo(describe(frames.subList(0, 4)));
        assertThat(result.stats().bytesDropped()).isEqualTo(2L * junk.length + frames.get(4).length);
    }

    @Test
    void neverEmitsALoneValidHeaderInJunk() {
        byte[] lone = frame(mpeg1(128, false), rnd);
        byte[] junk = new byte[2000];
        rnd.nextBytes(junk);

        TestStreams.Result result = sync(concat(junk, lone, junk, lone, frame(mpeg1(128, false), rnd), junk), 100);

        assertThat(result.frames()).isEmpty();
        assertThat(result.stats().framesEmitted()).isZero();
    }

    @Test
    void dropsACutFrameAndLocksOnTheNewStreamInsideIt() {
        List<byte[]> a = vbrRun(5);
        byte[] cut = Arrays.copyOf(frame(mpeg1(192, false), rnd), 200);
        List<byte[]> b = frames(rnd, LSF, LSF, LSF, LSF, LSF);

        TestStreams.Result result = sync(concat(concat(a), cut, concat(b)), 300);

        assertThat(describe(result.frames())).isEqualTo(describe(a, b));
        assertThat(result.headers().get(5)).isEqualTo(LSF);
        assertThat(result.stats().bytesDropped()).isEqualTo(cut.length);
        assertThat(result.stats().resyncs()).isEqualTo(1);
        assertThat(result.gaps()).as("the first frame after the cut one is marked").containsExactly(0, 5);
    }

    @Test
    void relocksOnAFormatChangeLosingTheFrameBeforeIt() {
        List<byte[]> a = vbrRun(5);
        List<byte[]> b = frames(rnd, LSF, LSF, LSF, LSF);

        TestStreams.Result result = sync(concat(concat(a), concat(b)), 4096);

        assertThat(describe(result.frames())).isEqualTo(describe(a.subList(0, 4), b));
        assertThat(result.stats().resyncs()).isEqualTo(1);
        assertThat(result.stats().bytesDropped()).isEqualTo(a.get(4).length);
    }

    @Test
    void giveTheSameOutputForOneByteReadsAsForOneRead() {
        byte[] junk = TestStreams.randomBytes(rnd, 900);
        byte[] input = concat(TestStreams.id3v2(rnd, 2000, false), concat(vbrRun(5)), junk, concat(vbrRun(4)),
            TestStreams.apeFooterOnly(rnd), concat(frames(rnd, LSF, LSF, LSF, LSF)), TestStreams.id3v1(rnd),
            Arrays.copyOf(frame(mpeg1(64, true), rnd), 50), concat(vbrRun(3)), TestStreams.apeWithHeader(rnd));

        TestStreams.Result whole = sync(input, input.length);
        TestStreams.Result bytewise = sync(input, 1);

        assertThat(whole.frames()).hasSize(5 + 3 + 4 + 3);
        assertThat(describe(bytewise.frames())).isEqualTo(describe(whole.frames()));
        assertThat(bytewise.stats().toString()).isEqualTo(whole.stats().toString());
        assertThat(whole.stats().bytesEmitted() + whole.stats().bytesDropped()).isEqualTo(input.length);
    }

    @Test
    void holdsTheLastFrameUntilEndOfStreamProvesItWhole() {
        byte[] input = concat(vbrRun(5));
        FrameSync sync = new FrameSync();
        ByteBuf in = Unpooled.wrappedBuffer(input);
        List<Object> out = new ArrayList<>();
        try {
            sync.decode(in, out);
            assertThat(out).hasSize(4);
            sync.decodeLast(in, out);
            assertThat(out).hasSize(5);
            assertThat(sync.lastHeader()).isEqualTo(((Mp3Frame) out.get(4)).header());
        } finally {
            out.forEach(frame -> ((Mp3Frame) frame).release());
            in.release();
        }
    }

    @Test
    void dropsATruncatedLastFrame() {
        List<byte[]> frames = vbrRun(5);
        byte[] input = concat(concat(frames), Arrays.copyOf(frame(mpeg1(128, false), rnd), 300));

        TestStreams.Result result = sync(input, 1000);

        assertThat(describe(result.frames())).isEqualTo(describe(frames));
        assertThat(result.stats().bytesDropped()).isEqualTo(300);
    }

    @Test
    void skipsXingInfoAndVbriFrames() {
        byte[] xing = frame(mpeg1(128, false), rnd);
        ByteBuffer.wrap(xing).put(36, TestStreams.ascii("Xing"));
        FrameHeader monoLsf = new FrameHeader(MpegVersion.MPEG_2, 3, 64, 22050, false, ChannelMode.MONO);
        byte[] info = frame(monoLsf, rnd);
        ByteBuffer.wrap(info).put(4 + 9, TestStreams.ascii("Info"));
        byte[] vbri = frame(mpeg1(128, false), rnd);
        ByteBuffer.wrap(vbri).put(36, TestStreams.ascii("VBRI"));
        List<byte[]> a = vbrRun(3);
        List<byte[]> b = frames(rnd, monoLsf, monoLsf, monoLsf);

        TestStreams.Result result = sync(concat(xing, concat(a), TestStreams.id3v1(rnd), info, concat(b), TestStreams.id3v1(rnd),
            vbri, concat(vbrRun(2))), 4096);

        assertThat(result.stats().infoFramesSkipped()).isEqualTo(3);
        assertThat(result.frames()).hasSize(3 + 3 + 2);
        assertThat(describe(result.frames().subList(0, 6))).isEqualTo(describe(a, b));
    }

    @Test
    void keepsTheBufferSmallWhileScanningJunk() {
        FrameSync sync = new FrameSync();
        ByteBuf in = Unpooled.buffer();
        List<Object> out = new ArrayList<>();
        try {
            for (int i = 0; i < 256; i++) {
                in.writeBytes(TestStreams.randomBytes(rnd, 4096));
                sync.decode(in, out);
                in.discardReadBytes();
                assertThat(in.readableBytes()).isLessThanOrEqualTo(2 * 1729 + 4);
            }
            assertThat(out).isEmpty();
        } finally {
            in.release();
        }
    }

    @Test
    void skipsAHugeTagBufferingNoMoreThanAChainBeingChecked() {
        byte[] tag = TestStreams.id3v2(rnd, 1 << 20, false);
        byte[] input = concat(tag, concat(vbrRun(4)));
        FrameSync sync = new FrameSync();
        ByteBuf in = Unpooled.buffer();
        List<Object> out = new ArrayList<>();
        try {
            for (int offset = 0; offset < tag.length; offset += 8192) {
                in.writeBytes(input, offset, Math.min(8192, tag.length - offset));
                sync.decode(in, out);
                assertThat(in.readableBytes()).as("at most eight frames of a false sync word").isLessThan(8 * 2881);
            }
            in.writeBytes(input, tag.length, input.length - tag.length);
            sync.decodeLast(in, out);
            assertThat(out).hasSize(4);
            assertThat(sync.stats().tagsSkipped()).isEqualTo(1);
        } finally {
            out.forEach(frame -> ((Mp3Frame) frame).release());
            in.release();
        }
    }

    private List<byte[]> vbrRun(int n) {
        FrameHeader format = mpeg1(128, false);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(frame(TestStreams.vbrSibling(format, rnd), rnd));
        }
        return frames;
    }

}
