package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.relaycast.mp3.ChannelMode;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.MpegVersion;
import org.junit.jupiter.api.Test;

/** The server's silence keeps the stream's format, so listeners' decoders need not follow a change. */
class StreamFormatTest {

    @Test
    void silenceAfterA48KhzLayerIiStreamIsLayerIiAt48KhzWithoutPadding() {
        StreamFormat format = new StreamFormat("/mp2", new MountStats(), () -> OnAir.LIVE);
        FrameHeader mp2 = new FrameHeader(MpegVersion.MPEG_1, 2, 192, 48000, true, ChannelMode.STEREO);
        byte[] content = new byte[mp2.frameLength()];
        content[0] = (byte) (mp2.encode() >>> 24);
        content[1] = (byte) (mp2.encode() >>> 16);
        content[2] = (byte) (mp2.encode() >>> 8);
        content[3] = (byte) mp2.encode();
        content[10] = 1;

        format.next(this, new Mp3Frame(mp2, Unpooled.wrappedBuffer(content))).release();

        assertThat(format.silence()).isEqualTo(new FrameHeader(MpegVersion.MPEG_1, 2, 192, 48000, false, ChannelMode.STEREO));
    }
}
