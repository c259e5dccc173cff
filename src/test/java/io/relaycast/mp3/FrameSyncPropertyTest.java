package io.relaycast.mp3;

import static io.relaycast.mp3.TestStreams.describe;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random streams against an oracle.
 *
 * <p>A stream is a sequence of segments: runs of 3..8 valid frames of one stream (random format, VBR bitrates,
 * random payload sprinkled with sync words), junk (random bytes sprinkled with sync words), tags (ID3v2 with and
 * without footer, ID3v1, APE with header, APE footer-only), and cut frames (a valid header and 4..len-1 bytes of it).
 *
 * <p>The oracle: the output is exactly the run frames that are <em>followed immediately</em> by a header of the same
 * stream, by the start of a tag, or by the end of the stream, in order. Every run has at least three frames, so every
 * run frame belongs to a chain long enough to lock on after junk, a tag or a cut.
 *
 * <p>Random bytes can, very rarely, fake what the oracle assumes never happens; such streams are counted as ambiguous
 * and skipped (and their number is bounded): a three-header chain starting in bytes the synchroniser scans, a frame
 * the synchroniser would follow from a valid frame (a junk header or a cut frame) whose end lands on a good successor,
 * or a tag signature in scanned bytes.
 */
class FrameSyncPropertyTest {

    private static final int STREAMS = 400;

    @Test
    void emitsExactlyTheFramesTheOracleAccepts() {
        int ambiguous = 0;
        long frames = 0;
        for (int seed = 0; seed < STREAMS; seed++) {
            Generated stream = Generated.create(new Random(seed));
            if (stream.ambiguous()) {
                ambiguous++;
                continue;
            }
            TestStreams.Result result = TestStreams.sync(stream.bytes, new Random(-seed), 1, 3000);

            assertThat(describe(result.frames())).as("seed %d", seed).isEqualTo(describe(stream.expected));
            SyncStats stats = result.stats();
            long expectedBytes = stream.expected.stream().mapToLong(frame -> frame.length).sum();
            assertThat(stats.bytesEmitted()).as("seed %d", seed).isEqualTo(expectedBytes);
            assertThat(stats.bytesEmitted() + stats.bytesDropped()).as("seed %d", seed).isEqualTo(stream.bytes.length);
            assertThat(stats.framesEmitted()).as("seed %d", seed).isEqualTo(stream.expected.size());
            assertThat(stats.tagsSkipped()).as("seed %d", seed).isEqualTo(stream.tags);
            assertThat(stats.infoFramesSkipped()).isZero();
            frames += stats.framesEmitted();
        }
        assertThat(ambiguous).isLessThan(STREAMS / 20);
        assertThat(frames).isGreaterThan(STREAMS * 5L);
    }

    /** A generated stream, what the oracle expects of it, and whether random bytes made it ambiguous. */
    private static final class Generated {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final List<int[]> runFrames = new ArrayList<>();
        private final List<FrameHeader> runHeaders = new ArrayList<>();
        private final Set<Integer> tagStarts = new HashSet<>();
        private final List<int[]> skippedRegions = new ArrayList<>();
        private final List<byte[]> expected = new ArrayList<>();
        private byte[] bytes;
        private boolean[] covered;
        private int tags;

        static Generated create(Random rnd) {
            Generated stream = new Generated();
            FrameHeader format = TestStreams.randomFormat(rnd);
            int segments = 1 + rnd.nextInt(10);
            for (int i = 0; i < segments; i++) {
                int kind = rnd.nextInt(100);
                if (kind < 40) {
                    format = rnd.nextInt(3) == 0 ? format : TestStreams.randomFormat(rnd);
                    stream.run(rnd, format);
                } else if (kind < 60) {
                    stream.out.writeBytes(TestStreams.randomBytes(rnd, 1 + rnd.nextInt(800)));
                } else if (kind < 85) {
                    stream.tag(rnd);
                } else {
                    FrameHeader header = TestStreams.vbrSibling(rnd.nextBoolean() ? format : TestStreams.randomFormat(rnd), rnd);
                    byte[] frame = TestStreams.frame(header, rnd);
                    stream.out.writeBytes(Arrays.copyOf(frame, 4 + rnd.nextInt(frame.length - 4)));
                }
            }
            stream.bytes = stream.out.toByteArray();
            stream.applyOracle();
            return stream;
        }

        private void run(Random rnd, FrameHeader format) {
            int n = 3 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                FrameHeader header = TestStreams.vbrSibling(format, rnd);
                runFrames.add(new int[] {out.size(), header.frameLength()});
                runHeaders.add(header);
                out.writeBytes(TestStreams.frame(header, rnd));
            }
        }

        private void tag(Random rnd) {
            int start = out.size();
            byte[] tag;
            int skippedFrom = start;
            switch (rnd.nextInt(5)) {
                case 0:
                    tag = TestStreams.id3v2(rnd, rnd.nextInt(3000), rnd.nextBoolean());
                    break;
                case 1:
                    tag = TestStreams.id3v1(rnd);
                    break;
                case 2:
                    tag = TestStreams.apeWithHeader(rnd);
                    break;
                case 3:
                    tag = TestStreams.apeFooterOnly(rnd);
                    skippedFrom = start + tag.length - 32;
                    break;
                default:
                    tag = TestStreams.id3v2(rnd, 20_000 + rnd.nextInt(20_000), false);
                    break;
            }
            out.writeBytes(tag);
            tagStarts.add(start);
            skippedRegions.add(new int[] {skippedFrom, out.size()});
            tags++;
        }

        private void applyOracle() {
            covered = new boolean[bytes.length];
            for (int[] region : skippedRegions) {
                Arrays.fill(covered, region[0], region[1], true);
            }
            for (int i = 0; i < runFrames.size(); i++) {
                int start = runFrames.get(i)[0];
                int end = start + runFrames.get(i)[1];
                if (isGoodSuccessor(end, runHeaders.get(i))) {
                    expected.add(Arrays.copyOfRange(bytes, start, end));
                    Arrays.fill(covered, start, end, true);
                }
            }
        }

        private boolean isGoodSuccessor(int pos, FrameHeader previous) {
            if (pos == bytes.length || tagStarts.contains(pos) || looksLikeTag(pos)) {
                return true;
            }
            FrameHeader next = headerAt(pos);
            return next != null && next.sameStreamAs(previous);
        }

        boolean ambiguous() {
            Set<Integer> frameStarts = new HashSet<>();
            runFrames.forEach(frame -> frameStarts.add(frame[0]));
            for (int pos = 0; pos < bytes.length; pos++) {
                if (!covered[pos] && (chainOfThreeAt(pos) || looksLikeTag(pos) && !tagStarts.contains(pos))) {
                    return true;
                }
            }
            for (int i = 0; i < runFrames.size(); i++) {
                int end = runFrames.get(i)[0] + runFrames.get(i)[1];
                boolean followedByOther = end < bytes.length && !frameStarts.contains(end) && !tagStarts.contains(end);
                if (followedByOther && fakeFrameAt(end, runHeaders.get(i))) {
                    return true;
                }
            }
            return false;
        }

        /** A header the locked synchroniser would follow from {@code previous}, whose own end looks good. */
        private boolean fakeFrameAt(int pos, FrameHeader previous) {
            FrameHeader header = headerAt(pos);
            return header != null && header.sameStreamAs(previous) && isGoodSuccessor(pos + header.frameLength(), header);
        }

        private boolean chainOfThreeAt(int pos) {
            FrameHeader previous = null;
            for (int i = 0; i < 3; i++) {
                FrameHeader header = headerAt(pos);
                if (header == null || previous != null && !header.sameStreamAs(previous)) {
                    return false;
                }
                previous = header;
                pos += header.frameLength();
            }
            return true;
        }

        private FrameHeader headerAt(int pos) {
            return pos + 4 <= bytes.length ? FrameHeader.parse(ByteBuffer.wrap(bytes).getInt(pos)) : null;
        }

        private boolean looksLikeTag(int pos) {
            return startsWith(pos, "TAG") || startsWith(pos, "ID3") || startsWith(pos, "APETAGEX");
        }

        private boolean startsWith(int pos, String signature) {
            byte[] sig = TestStreams.ascii(signature);
            return pos + sig.length <= bytes.length && Arrays.equals(bytes, pos, pos + sig.length, sig, 0, sig.length);
        }
    }
}
