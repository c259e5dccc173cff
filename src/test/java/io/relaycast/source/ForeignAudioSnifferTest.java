package io.relaycast.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.StreamInfo;
import java.net.InetSocketAddress;
import java.time.Instant;
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
        ByteBuf passed = channel.readInbound();
        assertThat(HexFormat.of().formatHex(ByteBufUtil.getBytes(passed))).isEqualTo("fffb904400000000");
        passed.release();
        assertThat(channel.pipeline().get(ForeignAudioSniffer.class)).isNull();
        assertThat(channel.finish()).isFalse();
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

    private static String codec(String hex) {
        ByteBuf bytes = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
        try {
            return ForeignAudioSniffer.codec(bytes);
        } finally {
            bytes.release();
        }
    }
}
