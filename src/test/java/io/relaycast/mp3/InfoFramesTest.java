package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Info frames are recognised from the frame's own bytes only: a frame too short to hold the tag is audio. */
class InfoFramesTest {

    /** MPEG-2 Layer III, 8 kbit/s, 24 kHz, stereo: 24 bytes, shorter than the Xing tag's place (21-24) and VBRI's (36). */
    private static final FrameHeader SHORT = new FrameHeader(MpegVersion.MPEG_2, 3, 8, 24000, false, ChannelMode.STEREO);

    @Test
    void aFrameShorterThanTheXingOffsetIsAudioNotAnError() {
        ByteBuf frame = Unpooled.wrappedBuffer(frame(SHORT, SHORT.frameLength()));

        assertThat(InfoFrames.isInfoFrame(frame, 0, SHORT)).isFalse();
    }

    @Test
    void theNextFramesBytesAreNotTakenForThisOnesVbriTag() {
        byte[] bytes = frame(SHORT, 64);
        System.arraycopy("VBRI".getBytes(StandardCharsets.US_ASCII), 0, bytes, 36, 4);
        ByteBuf twoFrames = Unpooled.wrappedBuffer(bytes);

        assertThat(SHORT.frameLength()).isLessThan(36);
        assertThat(InfoFrames.isInfoFrame(twoFrames, 0, SHORT)).isFalse();
    }

    private static byte[] frame(FrameHeader header, int length) {
        byte[] bytes = new byte[length];
        ByteBuffer.wrap(bytes).putInt(0, header.encode());
        return bytes;
    }
}
