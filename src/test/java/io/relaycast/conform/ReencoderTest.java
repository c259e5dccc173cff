package io.relaycast.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.relaycast.mp3.Mp3FileReader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SampleFormat;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ffmpeg process that re-encodes a live source for a mount with {@code conform}, with the real ffmpeg. */
class ReencoderTest {

    private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;
    /** Frames ffmpeg keeps until more audio comes: 6 seen here. */
    private static final int HELD_BACK = 8;

    @TempDir
    Path dir;

    private final List<Mp3Frame> out = new CopyOnWriteArrayList<>();

    @AfterEach
    void releaseFrames() {
        out.forEach(Mp3Frame::release);
    }

    @Test
    void aQuietFirstFrameIsReencodedAtTheLeastBitrateOfTheStationsFormatNotMore() {
        assertThat(Reencoder.Target.of(new SampleFormat(44_100, 2), 32).bitrateKbps()).isEqualTo(128);
        assertThat(Reencoder.Target.of(new SampleFormat(44_100, 2), 192).bitrateKbps()).isEqualTo(192);
        assertThat(Reencoder.Target.of(new SampleFormat(22_050, 1), 8).bitrateKbps())
                .as("a 22.05 kHz mono talk station: a quarter of the samples, a quarter of the bitrate").isEqualTo(32);
        assertThat(Reencoder.Target.of(new SampleFormat(22_050, 1), 48).bitrateKbps()).isEqualTo(48);
        assertThat(Reencoder.Target.of(new SampleFormat(8_000, 1), 8).bitrateKbps()).isBetween(8, 16);
    }

    @Test
    void anInputsBitrateIsRoundedUpToOneTheStreamsMpegVersionHasAndCappedAtItsMost() {
        assertThat(Reencoder.Target.of(new SampleFormat(44_100, 2), 144).bitrateKbps()).isEqualTo(160);
        assertThat(Reencoder.Target.of(new SampleFormat(22_050, 2), 320).bitrateKbps()).isEqualTo(160);
        // LAME encodes MPEG-2.5 (8-12 kHz) at 64 kbit/s at most, though the frames could say up to 160.
        assertThat(Reencoder.Target.of(new SampleFormat(8_000, 1), 128).bitrateKbps()).isEqualTo(64);
    }

    /**
     * The least bitrate is one the stream's MPEG version has, rounded up: LAME would take the nearest one, often below
     * the least (48 kHz stereo: 128 for 139), and the log would state a bitrate no frame has.
     */
    @ParameterizedTest
    @CsvSource({"48000, 2", "32000, 2", "48000, 1", "24000, 1", "8000, 1"})
    void aQuietInputIsReencodedAtABitrateItsFramesHaveAndNoLessThanTheLeast(int sampleRate, int channels)
            throws IOException {
        SampleFormat stream = new SampleFormat(sampleRate, channels);
        Reencoder.Target target = Reencoder.Target.of(stream, 8);
        Path in = tone(dir.resolve("in.mp3"), 44_100, 2);
        try (Reencoder reencoder = Reencoder.start("ffmpeg", "test", target, ALLOCATOR, out::add)) {
            int written = writeAll(in, reencoder);
            await("frames re-encoded").atMost(Duration.ofSeconds(20)).until(out::size, count -> count >= written / 4);
        }
        assertThat(target.bitrateKbps()).isGreaterThanOrEqualTo(Reencoder.Target.minKbps(stream));
        assertThat(out).allSatisfy(frame -> assertThat(frame.header().bitrateKbps()).isEqualTo(target.bitrateKbps()));
    }

    @Test
    void framesAt48kHzComeOutAt44kHzAsTheyGoIn() throws IOException {
        Path in = tone(dir.resolve("48k.mp3"), 48_000, 2);
        int written;
        try (Reencoder reencoder = Reencoder.start("ffmpeg", "test", new Reencoder.Target(44_100, 2, 128), ALLOCATOR,
                out::add)) {
            written = writeAll(in, reencoder);
            // ffmpeg's decoder, resampler and LAME hold a few frames back until more audio comes (or the end): about
            // 150 ms, the delay re-encoding adds. All the others come out.
            await().atMost(Duration.ofSeconds(20)).until(out::size, count -> count >= expectedFrames(written) - HELD_BACK);
            assertThat(reencoder.hasFailed()).isFalse();
            assertThat(reencoder.dropped()).isZero();
        }
        assertThat(out).allSatisfy(frame -> {
            assertThat(frame.header().sampleRate()).isEqualTo(44_100);
            assertThat(frame.header().channels()).isEqualTo(2);
            assertThat(frame.header().bitrateKbps()).isEqualTo(128);
        });
        assertThat(out.size()).isBetween(expectedFrames(written) - HELD_BACK, expectedFrames(written) + 2);
        Path received = Files.write(dir.resolve("out.mp3"), bytesOf(out));
        assertThat(Ffmpeg.decodeErrors(received)).isEmpty();
    }

    @Test
    void stereoBecomesMonoForAMonoStream() throws IOException {
        Path in = tone(dir.resolve("stereo.mp3"), 44_100, 2);
        try (Reencoder reencoder = Reencoder.start("ffmpeg", "test", new Reencoder.Target(44_100, 1, 64), ALLOCATOR,
                out::add)) {
            int written = writeAll(in, reencoder);
            await().atMost(Duration.ofSeconds(20)).until(out::size, count -> count >= written - HELD_BACK);
        }
        assertThat(out).allSatisfy(frame -> assertThat(frame.header().channels()).isEqualTo(1));
    }

    @Test
    void afterCloseFramesAreRefusedAndReleased() throws IOException {
        Path in = tone(dir.resolve("48k.mp3"), 48_000, 2);
        Reencoder reencoder = Reencoder.start("ffmpeg", "test", new Reencoder.Target(44_100, 2, 128), ALLOCATOR, out::add);
        reencoder.close();
        try (Mp3FileReader frames = new Mp3FileReader(in, ALLOCATOR)) {
            Mp3Frame frame = frames.next();
            assertThat(reencoder.write(frame)).isFalse();
            assertThat(frame.refCnt()).as("released by write").isZero();
        }
    }

    @Test
    void aProgramThatIsNotThereCannotStart() {
        assertThatThrownBy(() -> Reencoder.start(dir.resolve("no-ffmpeg").toString(), "test",
                new Reencoder.Target(44_100, 2, 128), ALLOCATOR, out::add)).isInstanceOf(IOException.class);
    }

    /** Three seconds of a tone at {@code rate}, 128 kbit/s. */
    private static Path tone(Path file, int rate, int channels) {
        Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=" + rate + ":duration=3", "-ac", String.valueOf(channels), "-c:a",
                "libmp3lame", "-b:a", "128k", file.toString()).assertSuccess();
        return file;
    }

    /** Writes every frame of {@code file}; returns how many. */
    private static int writeAll(Path file, Reencoder reencoder) throws IOException {
        int written = 0;
        try (Mp3FileReader frames = new Mp3FileReader(file, ALLOCATOR)) {
            for (Mp3Frame frame = frames.next(); frame != null; frame = frames.next()) {
                assertThat(reencoder.write(frame)).isTrue();
                written++;
            }
        }
        return written;
    }

    /** Frames of 1152 samples at 44.1 kHz that hold as much audio as {@code frames} at 48 kHz. */
    private static int expectedFrames(int frames) {
        return (int) (frames * 44_100L / 48_000);
    }

    private static byte[] bytesOf(List<Mp3Frame> frames) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<byte[]> parts = new ArrayList<>();
        for (Mp3Frame frame : frames) {
            byte[] part = new byte[frame.content().readableBytes()];
            frame.content().getBytes(frame.content().readerIndex(), part);
            parts.add(part);
        }
        parts.forEach(bytes::writeBytes);
        return bytes.toByteArray();
    }
}
