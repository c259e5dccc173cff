package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class Mp3FrameTest {

    @Test
    void derivedFramesKeepTheirHeaderAndShareOrCopyContent() {
        FrameHeader header = SilentFrames.defaultFormat();
        Mp3Frame frame = new Mp3Frame(header, Unpooled.wrappedBuffer(SilentFrames.silentFrame(header)));
        Mp3Frame duplicate = frame.retainedDuplicate();
        Mp3Frame copy = frame.copy();
        try {
            assertThat(duplicate.header()).isSameAs(header);
            assertThat(copy.header()).isSameAs(header);
            assertThat(copy.content()).isEqualTo(frame.content());
            assertThat(frame.refCnt()).isEqualTo(2);
            assertThat(frame.retain().touch("test").touch()).isSameAs(frame);
            assertThat(frame.durationNanos()).isEqualTo(header.durationNanos());
        } finally {
            frame.release(2);
            duplicate.release();
            copy.release();
        }
        assertThat(frame.refCnt()).isZero();
    }
}
