package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SampleFormat;
import io.relaycast.mp3.SilentFrames;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Re-encoding a live source's audio, as the mount's loop sees it: what passes on, and with which flags. */
class LiveConformTest {

    /** MPEG-1 Layer III, 128 kbit/s, 48 kHz, stereo: a format change on a 44.1 kHz stream. */
    private static final FrameHeader AT_48_KHZ = FrameHeader.parse(0xFFFB9400);

    /**
     * The source's own frames went out as re-encoded ones until ffmpeg died: its first own frame may reach back into a
     * bit reservoir that holds ffmpeg's bytes, so the mount must take it for a new stretch of stream and bridge it.
     */
    @Test
    void theFirstOwnFrameAfterAReencodingIsGivenUpComesAfterAGap() {
        DefaultEventLoop loop = new DefaultEventLoop();
        LiveConform conform = new LiveConform("/test", loop, ByteBufAllocator.DEFAULT, new MountStats(), String::valueOf,
                (from, frame) -> frame.release());
        // A "re-encoder" that ends at once, as a killed ffmpeg does.
        conform.follow("false");
        Object source = new Object();
        SampleFormat stream = new SampleFormat(44_100, 2);
        AtomicReference<Mp3Frame> passed = new AtomicReference<>();
        try {
            await("re-encoding given up").atMost(Duration.ofSeconds(10)).until(() -> {
                passed.set(conform.admit(source, frame(), stream));
                return passed.get() != null;
            });
            assertThat(passed.get().afterGap()).isTrue();
        } finally {
            if (passed.get() != null) {
                passed.get().release();
            }
            conform.end();
            loop.shutdownGracefully();
        }
    }

    private static Mp3Frame frame() {
        return new Mp3Frame(AT_48_KHZ, Unpooled.wrappedBuffer(SilentFrames.silentFrame(AT_48_KHZ)));
    }
}
