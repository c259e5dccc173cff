package io.relaycast.mp3;

import static io.relaycast.mp3.TestStreams.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Mp3FrameDecoderTest {

    private final Random rnd = new Random(7);

    @Test
    void emitsWholeFramesFromArbitraryChunks() {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            frames.add(TestStreams.frame(TestStreams.vbrSibling(TestStreams.mpeg1(128, false), rnd), rnd));
        }
        byte[] input = TestStreams.concat(TestStreams.id3v2(rnd, 1500, false), TestStreams.randomBytes(rnd, 700),
            TestStreams.concat(frames));
        Mp3FrameDecoder decoder = new Mp3FrameDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);

        List<byte[]> received = new ArrayList<>();
        for (int offset = 0; offset < input.length; ) {
            int n = Math.min(input.length - offset, 1 + rnd.nextInt(600));
            channel.writeInbound(Unpooled.wrappedBuffer(input, offset, n));
            offset += n;
            readAll(channel, received);
        }
        assertThat(received).hasSize(19);
        assertThat(channel.finish()).isTrue();
        readAll(channel, received);

        assertThat(describe(received)).isEqualTo(describe(frames));
        assertThat(decoder.stats().tagsSkipped()).isEqualTo(1);
        assertThat(decoder.stats().bytesEmitted() + decoder.stats().bytesDropped()).isEqualTo(input.length);
        assertThat(decoder.lastHeader()).isNotNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void releasesUnreadFramesWithTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(new Mp3FrameDecoder());
        for (int i = 0; i < 10; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(TestStreams.frame(TestStreams.mpeg1(320, false), rnd)));
        }
        assertThat(channel.inboundMessages()).hasSize(9);
        channel.finishAndReleaseAll();
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void passesNothingOnForJunk() {
        EmbeddedChannel channel = new EmbeddedChannel(new Mp3FrameDecoder());
        assertThat(channel.writeInbound(Unpooled.wrappedBuffer(TestStreams.randomBytes(rnd, 50_000)))).isFalse();
        assertThat(channel.finish()).isFalse();
    }

    private static void readAll(EmbeddedChannel channel, List<byte[]> received) {
        for (Mp3Frame frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            try {
                assertThat(frame.header()).isEqualTo(FrameHeader.parse(frame.content().getInt(0)));
                assertThat(frame.content().readableBytes()).isEqualTo(frame.header().frameLength());
                received.add(ByteBufUtil.getBytes(frame.content()));
            } finally {
                frame.release();
            }
        }
    }
}
