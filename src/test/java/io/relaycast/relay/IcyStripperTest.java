package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.relaycast.icy.IcyInterleaver;
import io.relaycast.icy.IcyMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What an origin's ICY stream looks like after the stripper: the audio alone, byte for byte, and each new title once. */
class IcyStripperTest {

    private static final int METAINT = 1000;

    @Test
    void givesBackTheAudioByteForByteAndEachNewTitleOnceWhateverTheReadSizes() {
        AtomicReference<IcyMetadata> current = new AtomicReference<>(IcyMetadata.none());
        IcyInterleaver origin = new IcyInterleaver(METAINT);
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Random random = new Random(11);
        List<String> sent = List.of("First", "Guns N' Roses - Live", "Back\\slash", "Ünïcödé");
        for (int step = 0; step < 120; step++) {
            if (step % 30 == 10) {
                current.set(IcyMetadata.of(sent.get(step / 30), ""));
            }
            byte[] chunk = new byte[1 + random.nextInt(1500)];
            random.nextBytes(chunk);
            audio.writeBytes(chunk);
            ByteBuf buffer = Unpooled.wrappedBuffer(chunk);
            origin.interleave(buffer, current.get(), (piece, index, length) -> {
                byte[] bytes = new byte[length];
                piece.getBytes(index, bytes);
                wire.writeBytes(bytes);
            });
            buffer.release();
        }
        List<String> titles = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new IcyStripper(METAINT, metadata -> titles.add(metadata.title())));
        byte[] bytes = wire.toByteArray();
        for (int offset = 0; offset < bytes.length; ) {
            int length = Math.min(bytes.length - offset, 1 + random.nextInt(700));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, offset, length));
            offset += length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf piece; (piece = channel.readInbound()) != null; ) {
            byte[] data = new byte[piece.readableBytes()];
            piece.readBytes(data);
            piece.release();
            out.writeBytes(data);
        }
        assertThat(out.toByteArray()).isEqualTo(audio.toByteArray());
        assertThat(titles).containsExactlyElementsOf(sent);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theStreamUrlGoesOnWithItsTitleAsIcecastRelaysPassItOn() {
        List<String> seen = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new IcyStripper(1,
                metadata -> seen.add(metadata.title() + " | " + metadata.url())));
        byte[] first = ByteBufUtil.getBytes(IcyMetadata.of("Song", "http://radio.example/song").block());
        byte[] again = ByteBufUtil.getBytes(IcyMetadata.of("Song", "http://radio.example/song").block());
        byte[] other = ByteBufUtil.getBytes(IcyMetadata.of("Song", "http://radio.example/other").block());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}, first, new byte[] {2}, again, new byte[] {3}, other));
        channel.finishAndReleaseAll();
        assertThat(seen).containsExactly("Song | http://radio.example/song", "Song | http://radio.example/other");
    }

    @Test
    void aTitleEndsAtTheFirstQuoteAndSemicolonAsIcecastAndPlayersReadIt() {
        List<String> titles = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new IcyStripper(1, metadata -> titles.add(metadata.title())));
        byte[] block = "StreamTitle='Rock \\'n\\' Roll\\';StreamUrl='';".getBytes(StandardCharsets.ISO_8859_1);
        byte[] padded = new byte[48];
        System.arraycopy(block, 0, padded, 0, block.length);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {9, 3}, padded));
        channel.finishAndReleaseAll();
        assertThat(titles).containsExactly("Rock \\'n\\' Roll\\");
    }

    @Test
    void aTitleThatIsNotUtf8IsReadAsLatin1() {
        List<String> titles = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new IcyStripper(4, metadata -> titles.add(metadata.title())));
        byte[] block = "StreamTitle='Caf\u00e9';".getBytes(StandardCharsets.ISO_8859_1);
        byte[] padded = new byte[32];
        System.arraycopy(block, 0, padded, 0, block.length);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 2}, padded, new byte[] {5, 6}));
        assertThat(titles).containsExactly("Café");
        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        assertThat(first.readableBytes() + second.readableBytes()).isEqualTo(6);
        first.release();
        second.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void theAudioBeforeABlockGoesOnBeforeItsTitleEvenInOneRead() {
        List<String> events = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new IcyStripper(4, metadata -> events.add("title " + metadata.title())),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        events.add("audio " + ((ByteBuf) msg).readableBytes());
                        ReferenceCountUtil.release(msg);
                    }
                });
        byte[] first = ByteBufUtil.getBytes(IcyMetadata.of("A", "").block());
        byte[] second = ByteBufUtil.getBytes(IcyMetadata.of("B", "").block());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4}, first, new byte[] {5, 6, 7, 8}, second,
                new byte[] {9}));
        assertThat(events).containsExactly("audio 4", "title A", "audio 4", "title B", "audio 1");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
