package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real MP3 spliced with junk, tags and cut frames: what FrameSync lets through must decode without a single error. */
class CorruptedStreamFfmpegTest {

    @TempDir
    Path dir;

    @Test
    void ffmpegDecodesWhatFrameSyncEmitsFromACorruptedRealStreamWithoutErrors() throws Exception {
        Path original = Ffmpeg.encode(dir.resolve("original.mp3"), "anoisesrc=d=8:c=pink:a=0.3", "128k");
        byte[] clean = Files.readAllBytes(original);
        Set<String> realFrames = new HashSet<>(TestStreams.describe(TestStreams.sync(clean, Integer.MAX_VALUE).frames()));
        Random rnd = new Random(11);
        byte[] corrupted = corrupt(clean, rnd);
        Path corruptedFile = Files.write(dir.resolve("corrupted.mp3"), corrupted);
        assertThat(Ffmpeg.decodeErrors(corruptedFile)).as("ffmpeg itself trips over the corrupted stream").isNotEmpty();

        TestStreams.Result result = TestStreams.sync(corrupted, rnd, 1, 5000);
        Path relayed = Files.write(dir.resolve("relayed.mp3"), result.bytes());

        assertThat(realFrames).containsAll(TestStreams.describe(result.frames()));
        assertThat(result.frames().size()).isGreaterThan(realFrames.size() * 3 / 4);
        assertThat(result.stats().bytesEmitted() + result.stats().bytesDropped()).isEqualTo(corrupted.length);
        assertThat(result.stats().resyncs()).isPositive();
        assertThat(Ffmpeg.decodeErrors(relayed)).isEmpty();
    }

    /** Splices junk (with false sync words), tags and cut copies of frames in at random offsets, frame-aligned or not. */
    private static byte[] corrupt(byte[] clean, Random rnd) {
        int[] cuts = rnd.ints(40, 1, clean.length).sorted().distinct().toArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int cut : cuts) {
            out.write(clean, from, cut - from);
            from = cut;
            switch (rnd.nextInt(4)) {
                case 0:
                    out.writeBytes(TestStreams.randomBytes(rnd, 1 + rnd.nextInt(2000)));
                    break;
                case 1:
                    out.writeBytes(TestStreams.id3v2(rnd, rnd.nextInt(5000), false));
                    break;
                case 2:
                    out.writeBytes(TestStreams.id3v1(rnd));
                    break;
                default:
                    int start = rnd.nextInt(clean.length - 500);
                    out.writeBytes(Arrays.copyOfRange(clean, start, start + 4 + rnd.nextInt(400)));
                    break;
            }
        }
        out.write(clean, from, clean.length - from);
        return out.toByteArray();
    }
}
