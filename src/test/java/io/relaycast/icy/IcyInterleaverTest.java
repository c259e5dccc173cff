package io.relaycast.icy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.relaycast.testing.IcyDemux;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IcyInterleaverTest {

    private static final int METAINT = 1000;

    @Test
    void insertsMetadataAfterExactlyMetaintAudioBytesWhateverTheChunkSizes() {
        AtomicReference<IcyMetadata> current = new AtomicReference<>(IcyMetadata.of("First", ""));
        IcyInterleaver interleaver = new IcyInterleaver(METAINT);
        Random random = new Random(7);
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] chunk = new byte[1 + random.nextInt(2500)];
            for (int j = 0; j < chunk.length; j++) {
                chunk[j] = (byte) (1 + random.nextInt(255));
            }
            audio.writeBytes(chunk);
            write(interleaver, chunk, current.get(), wire);
        }
        List<String> titles = new ArrayList<>();
        byte[] demuxed = IcyDemux.audio(wire.toByteArray(), METAINT, titles);
        assertThat(demuxed).isEqualTo(audio.toByteArray());
        assertThat(titles.get(0)).isEqualTo("StreamTitle='First';");
        assertThat(titles.subList(1, titles.size())).as("unchanged title is sent as empty blocks").allMatch(String::isEmpty);
    }

    @Test
    void aNewTitleGoesOutAtTheNextBoundaryOnce() {
        AtomicReference<IcyMetadata> current = new AtomicReference<>(IcyMetadata.none());
        IcyInterleaver interleaver = new IcyInterleaver(METAINT);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        write(interleaver, new byte[1500], current.get(), wire);
        current.set(IcyMetadata.of("Now", ""));
        write(interleaver, new byte[3000], current.get(), wire);
        List<String> titles = new ArrayList<>();
        IcyDemux.audio(wire.toByteArray(), METAINT, titles);
        assertThat(titles).containsExactly("", "StreamTitle='Now';", "", "");
    }

    @Test
    void lendsRangesOfTheSharedBufferWithoutRetainingOrMovingIt() {
        IcyInterleaver interleaver = new IcyInterleaver(METAINT);
        ByteBuf shared = Unpooled.directBuffer(2500).writeZero(2500);
        List<String> pieces = new ArrayList<>();
        long written = interleaver.interleave(shared, IcyMetadata.none(), (buffer, index, length) ->
                pieces.add((buffer == shared ? "audio " : "block ") + index + "+" + length));
        assertThat(written).isEqualTo(2500 + 2);
        assertThat(pieces).containsExactly("audio 0+1000", "block 0+1", "audio 1000+1000", "block 0+1", "audio 2000+500");
        assertThat(shared.refCnt()).isEqualTo(1);
        assertThat(shared.readerIndex()).isZero();
        assertThat(shared.readableBytes()).isEqualTo(2500);
        shared.release();
    }

    private static void write(IcyInterleaver interleaver, byte[] chunk, IcyMetadata title, ByteArrayOutputStream wire) {
        ByteBuf buffer = Unpooled.wrappedBuffer(chunk);
        interleaver.interleave(buffer, title, (piece, index, length) -> {
            byte[] bytes = new byte[length];
            piece.getBytes(index, bytes);
            wire.writeBytes(bytes);
        });
        buffer.release();
    }
}
