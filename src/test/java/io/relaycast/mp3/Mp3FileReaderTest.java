package io.relaycast.mp3;

import static io.relaycast.mp3.TestStreams.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp3FileReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsFfmpegOutputSkippingItsId3v2TagAndInfoFrame() throws Exception {
        Path file = Ffmpeg.encode(dir.resolve("sine.mp3"), "sine=frequency=440:duration=3", "128k");
        long nanos = 0;
        int frames = 0;
        try (Mp3FileReader reader = new Mp3FileReader(file, ByteBufAllocator.DEFAULT)) {
            for (Mp3Frame frame = reader.next(); frame != null; frame = reader.next()) {
                try {
                    assertThat(frame.header().version()).isEqualTo(MpegVersion.MPEG_1);
                    assertThat(frame.header().layer()).isEqualTo(3);
                    assertThat(frame.header().sampleRate()).isEqualTo(44100);
                    nanos += frame.durationNanos();
                    frames++;
                } finally {
                    frame.release();
                }
            }
            assertThat(reader.next()).isNull();
            SyncStats stats = reader.stats();
            assertThat(stats.tagsSkipped()).isEqualTo(1);
            assertThat(stats.infoFramesSkipped()).isEqualTo(1);
            assertThat(stats.resyncs()).isZero();
            assertThat(stats.framesEmitted()).isEqualTo(frames);
            assertThat(stats.bytesEmitted() + stats.bytesDropped()).isEqualTo(Files.size(file));
        }
        // LAME adds encoder delay and padding: a few frames beyond the 3 s of audio.
        assertThat(nanos / 1e9).isBetween(2.99, 3.15);
    }

    @Test
    void returnsTheSameFramesAsOneDecodeOfTheWholeFileEvenWhileTheyAreHeld() throws Exception {
        Path file = Ffmpeg.encode(dir.resolve("long.mp3"), "anoisesrc=d=20:c=pink", "96k");
        List<Mp3Frame> held = new ArrayList<>();
        try (Mp3FileReader reader = new Mp3FileReader(file, ByteBufAllocator.DEFAULT)) {
            for (Mp3Frame frame = reader.next(); frame != null; frame = reader.next()) {
                held.add(frame);
            }
        }
        List<byte[]> read = new ArrayList<>();
        for (Mp3Frame frame : held) {
            read.add(ByteBufUtil.getBytes(frame.content()));
            frame.release();
        }
        TestStreams.Result whole = TestStreams.sync(Files.readAllBytes(file), Integer.MAX_VALUE);
        assertThat(read).hasSizeGreaterThan(700);
        assertThat(describe(read)).isEqualTo(describe(whole.frames()));
    }

    @Test
    void closeReleasesFramesNotYetReturned() throws Exception {
        Path file = Ffmpeg.encode(dir.resolve("short.mp3"), "sine=duration=1", "64k");
        Mp3FileReader reader = new Mp3FileReader(file, ByteBufAllocator.DEFAULT);
        Mp3Frame first = reader.next();
        reader.close();
        assertThat(first).isNotNull();
        assertThat(first.release()).isTrue();
    }

    @Test
    void readsNothingFromAnEmptyOrJunkFile() throws IOException {
        Path empty = Files.write(dir.resolve("empty.mp3"), new byte[0]);
        Path junk = Files.write(dir.resolve("junk.mp3"), TestStreams.randomBytes(new java.util.Random(3), 200_000));
        for (Path file : List.of(empty, junk)) {
            try (Mp3FileReader reader = new Mp3FileReader(file, ByteBufAllocator.DEFAULT)) {
                assertThat(reader.next()).isNull();
                assertThat(reader.stats().bytesDropped()).isEqualTo(Files.size(file));
            }
        }
    }

    @Test
    void givesUpOnAFileWithNoFramesInItsFirstMebibyteInsteadOfReadingItAll() throws IOException {
        Path video = dir.resolve("video.mp3");
        try (FileChannel channel = FileChannel.open(video, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[1]), 16L << 20);
        }
        try (Mp3FileReader reader = new Mp3FileReader(video, ByteBufAllocator.DEFAULT)) {
            assertThat(reader.next()).isNull();
            assertThat(reader.stats().bytesDropped()).isBetween(1L << 20, 2L << 20);
        }
    }

    @Test
    void findsTheFirstFrameAfterAnId3v2TagLargerThanTheLimit() throws IOException {
        Random rnd = new Random(5);
        byte[] tag = TestStreams.id3v2(rnd, 3 << 20, false);
        FrameHeader header = TestStreams.mpeg1(128, false);
        List<byte[]> frames = TestStreams.frames(rnd, header, header, header, header, header, header, header, header, header);
        Path file = Files.write(dir.resolve("art.mp3"), TestStreams.concat(tag, TestStreams.concat(frames)));
        try (Mp3FileReader reader = new Mp3FileReader(file, ByteBufAllocator.DEFAULT)) {
            Mp3Frame first = reader.next();
            assertThat(first).isNotNull();
            assertThat(first.release()).isTrue();
        }
    }
}
