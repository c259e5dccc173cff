package io.relaycast.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.StreamInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Which first bytes are another codec's: those end the source; MP3, tags and junk go on to the frame decoder. */
class ForeignAudioSnifferTest {

    private static final LiveSource SOURCE = new LiveSource(new InetSocketAddress(0), "test", Instant.now(),
            StreamInfo.unnamed(), () -> { });

    @Test
    void otherCodecsAreKnownByTheirSignatures() {
        assertThat(codec("4f67675300020000")).isEqualTo("Ogg");
        assertThat(codec("664c614300000022")).isEqualTo("FLAC");
        assertThat(codec("1a45dfa39f428681")).isEqualTo("Matroska/WebM");
        assertThat(codec("0000001c66747970")).isEqualTo("MP4");
        assertThat(codec("fff1508000 1ffffc".replace(" ", ""))).isEqualTo("AAC (ADTS)");
        assertThat(codec("fff9508000 1ffffc".replace(" ", ""))).isEqualTo("AAC (ADTS)");
    }

    @Test
    void mp3TagsAndJunkAreLeftToTheFrameDecoder() {
        assertThat(codec("fffb904400000000")).isNull();
        assertThat(codec("fff3904400000000")).isNull();
        assertThat(codec("4944330400000000")).isNull();
        assertThat(codec("0000000000000000")).isNull();
    }

    @Test
    void mp3PassesOnByteForByteAndTheSnifferLeaves() {
        EmbeddedChannel channel = new EmbeddedChannel(new ForeignAudioSniffer(SOURCE, "/live"));
        channel.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("fffb90")));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("4400000000")));
        assertThat(HexFormat.of().formatHex(passedOnBySnifferThatLeft(channel))).isEqualTo("fffb904400000000");
    }

    @Test
    void anAacSourceIsClosedAndItsBytesReleased() {
        EmbeddedChannel channel = new EmbeddedChannel(new ForeignAudioSniffer(SOURCE, "/live"));
        ByteBuf aac = Unpooled.wrappedBuffer(HexFormat.of().parseHex("fff150801ffffc00"));
        channel.writeInbound(aac);
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(aac.refCnt()).isZero();
    }

    @Test
    void aacBehindAnId3TagIsEndedToo() {
        // ffmpeg -f adts -write_id3v2 1, or curl -T show.aac of a tagged file.
        EmbeddedChannel channel = new EmbeddedChannel(new ForeignAudioSniffer(SOURCE, "/live"));
        channel.writeInbound(Unpooled.wrappedBuffer(id3v2Tag(40)));
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("fff150801ffffc00")));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void mp3BehindAnId3TagPassesOnWholeOnceItsFirstBytesAreSeen() {
        EmbeddedChannel channel = new EmbeddedChannel(new ForeignAudioSniffer(SOURCE, "/live"));
        byte[] tag = id3v2Tag(40);
        channel.writeInbound(Unpooled.wrappedBuffer(tag));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("fffb904400000000")));
        assertThat(passedOnBySnifferThatLeft(channel)).hasSize(tag.length + 8);
    }

    @Test
    void aTagTooBigToHoldGoesOnUnsniffedAtOnce() {
        EmbeddedChannel channel = new EmbeddedChannel(new ForeignAudioSniffer(SOURCE, "/live"));
        byte[] head = Arrays.copyOf(id3v2Tag(64 * 1024 + 1), 64);
        channel.writeInbound(Unpooled.wrappedBuffer(head));
        assertThat(passedOnBySnifferThatLeft(channel)).hasSize(head.length);
    }

    @Test
    void wavIsEndedUnlessItCarriesMp3() {
        String riff = "52494646 24000000 57415645";
        assertThat(codec(riff + "666d7420 10000000 0100 0200 44ac0000")).isEqualTo("WAV");
        assertThat(codec(riff + "4a554e4b 04000000 00000000 666d7420 10000000 0100 0200")).isEqualTo("WAV");
        assertThat(codec(riff + "666d7420 1e000000 5500 0200 44ac0000")).isNull();
        assertThat(codec("52494646 24000000 41564920 4c495354")).isNull();
    }

    @Test
    void aWavSourceIsEndedOnceItsFormatIsRead() {
        EmbeddedChannel channel = new EmbeddedChannel(new ForeignAudioSniffer(SOURCE, "/live"));
        channel.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("524946462400000057415645666d7420")));
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("100000000100020044ac0000")));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    /** The bytes the sniffer passed on, in one buffer, after which it left the pipeline with nothing held. */
    private static byte[] passedOnBySnifferThatLeft(EmbeddedChannel channel) {
        ByteBuf passed = channel.readInbound();
        byte[] bytes = ByteBufUtil.getBytes(passed);
        passed.release();
        assertThat(channel.pipeline().get(ForeignAudioSniffer.class)).isNull();
        assertThat(channel.finish()).isFalse();
        return bytes;
    }

    /** An ID3v2.4 tag of {@code body} bytes: a title frame, then padding. */
    private static byte[] id3v2Tag(int body) {
        byte[] tag = new byte[10 + Math.min(body, 100)];
        System.arraycopy("ID3".getBytes(StandardCharsets.US_ASCII), 0, tag, 0, 3);
        tag[3] = 4;
        for (int i = 0; i < 4; i++) {
            tag[6 + i] = (byte) ((body >> (21 - 7 * i)) & 0x7F);
        }
        System.arraycopy("TIT2".getBytes(StandardCharsets.US_ASCII), 0, tag, 10, 4);
        return body <= 100 ? Arrays.copyOf(tag, 10 + body) : tag;
    }

    private static String codec(String hex) {
        ByteBuf bytes = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
        try {
            return ForeignAudioSniffer.codec(bytes);
        } finally {
            bytes.release();
        }
    }
}
