package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mp3.ChannelMode;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.testing.TestAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunks hold whole frames, and their buffers are about the size of their audio: a mount keeps them for its queue. */
class ChunkAssemblerTest {

    @TempDir
    static Path dir;

    private static List<byte[]> frames;

    @BeforeAll
    static void encode() {
        frames = TestAudio.toneFrames(dir, 2);
    }

    @Test
    void aTwentyMillisecondChunkIsOneFrameInABufferOfItsSize() {
        List<Chunk> chunks = assemble(20, frames.subList(0, 20));
        try {
            assertThat(chunks).hasSize(20);
            for (int i = 0; i < chunks.size(); i++) {
                Chunk chunk = chunks.get(i);
                assertThat(chunk.frames()).isEqualTo(1);
                assertThat(chunk.length()).isEqualTo(frames.get(i).length);
                assertThat(chunk.data().capacity()).as("buffer of chunk %d", i).isBetween(chunk.length(), chunk.length() + 1);
            }
        } finally {
            chunks.forEach(chunk -> chunk.data().release());
        }
    }

    @Test
    void aLongerChunkGathersFramesUpToItsDurationInOneBufferWithLittleToSpare() {
        List<Chunk> chunks = assemble(100, frames.subList(0, 40));
        try {
            assertThat(chunks).hasSize(10);
            for (Chunk chunk : chunks) {
                assertThat(chunk.frames()).as("four 26 ms frames make 100 ms").isEqualTo(4);
                assertThat(chunk.durationNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
                assertThat(chunk.data().capacity()).as("a padding byte each, at most")
                        .isBetween(chunk.length(), chunk.length() + 8);
            }
        } finally {
            chunks.forEach(chunk -> chunk.data().release());
        }
    }

    @Test
    void framesLargerThanTheFirstStillFitTheirChunk() {
        byte[] small = frames.get(0);
        byte[] large = new byte[small.length * 3];
        System.arraycopy(small, 0, large, 0, small.length);
        ChunkAssembler assembler = new ChunkAssembler(PooledByteBufAllocator.DEFAULT, TimeUnit.MILLISECONDS.toNanos(100),
                IcyMetadata::none);
        assertThat(assembler.add(frame(small, header(small)))).isNull();
        assertThat(assembler.add(frame(large, header(small)))).isNull();
        assertThat(assembler.add(frame(large, header(small)))).isNull();
        Chunk chunk = assembler.add(frame(small, header(small)));
        try {
            assertThat(chunk.length()).isEqualTo(2 * small.length + 2 * large.length);
            assertThat(chunk.data().getByte(small.length + large.length - 1)).isEqualTo(large[large.length - 1]);
        } finally {
            chunk.data().release();
        }
    }

    @Test
    void aFrameInAnotherFormatSealsTheChunkBeforeItAndOpensTheNext() {
        byte[] bytes = frames.get(0);
        FrameHeader stereo = header(bytes);
        FrameHeader mono = new FrameHeader(stereo.version(), stereo.layer(), stereo.bitrateKbps(), stereo.sampleRate(),
                stereo.padding(), ChannelMode.MONO);
        ChunkAssembler assembler = new ChunkAssembler(PooledByteBufAllocator.DEFAULT, TimeUnit.MILLISECONDS.toNanos(100),
                IcyMetadata::none);
        assertThat(assembler.add(frame(bytes, stereo))).isNull();
        assertThat(assembler.add(frame(bytes, stereo))).isNull();
        Chunk stereoChunk = assembler.add(frame(bytes, mono));
        assertThat(assembler.add(frame(bytes, mono))).isNull();
        assertThat(assembler.add(frame(bytes, mono))).isNull();
        Chunk monoChunk = assembler.add(frame(bytes, mono));
        try {
            assertThat(stereoChunk.frames()).as("the stereo frames only").isEqualTo(2);
            assertThat(stereoChunk.format().channelMode()).isEqualTo(stereo.channelMode());
            assertThat(stereoChunk.length()).isEqualTo(2 * bytes.length);
            assertThat(monoChunk.frames()).as("four mono frames make 100 ms").isEqualTo(4);
            assertThat(monoChunk.format().channelMode()).isEqualTo(ChannelMode.MONO);
            assertThat(monoChunk.sequence()).isEqualTo(stereoChunk.sequence() + 1);
        } finally {
            stereoChunk.data().release();
            monoChunk.data().release();
        }
    }

    private static List<Chunk> assemble(long chunkMillis, List<byte[]> input) {
        ChunkAssembler assembler = new ChunkAssembler(PooledByteBufAllocator.DEFAULT, TimeUnit.MILLISECONDS.toNanos(chunkMillis),
                IcyMetadata::none);
        List<Chunk> chunks = new ArrayList<>();
        for (byte[] bytes : input) {
            Chunk sealed = assembler.add(frame(bytes, header(bytes)));
            if (sealed != null) {
                chunks.add(sealed);
            }
        }
        assembler.discard();
        return chunks;
    }

    /** A frame as a source hands it over (the assembler copies it). */
    private static Mp3Frame frame(byte[] bytes, FrameHeader header) {
        return new Mp3Frame(header, Unpooled.wrappedBuffer(bytes));
    }

    private static FrameHeader header(byte[] frame) {
        return FrameHeader.parse(Unpooled.wrappedBuffer(frame).getInt(0));
    }
}
