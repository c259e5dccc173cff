package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.MpegVersion;
import io.relaycast.mp3.SilentFrames;
import io.relaycast.testing.Capture;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A chunk holds frames of one format, so a frame in a new format begins a chunk of its own. When the input then pauses
 * (an origin that changed its sample rate and stalls, a DJ's encoder restarting), that frame still reaches listeners
 * as any stalled input's frames do, not only once more audio comes.
 */
class FormatChangeChunkTest {

    private static final FrameHeader AT_44K = SilentFrames.defaultFormat();
    private static final FrameHeader AT_48K = new FrameHeader(MpegVersion.MPEG_1, 3, 128, 48_000, false,
            AT_44K.channelMode());

    @Test
    void theFirstFrameInANewFormatReachesListenersWhenTheInputPausesAfterIt() throws Exception {
        // 200 ms chunks: several frames each, so the new format's first frame opens a chunk that is not yet full.
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30))
                .withDelivery(Duration.ofMillis(200), Duration.ofMillis(200)));
             RawClient source = RawSource.open(server.port(), "/live")) {
            source.send(frames(AT_44K, 40));
            await("the source's mount").atMost(Duration.ofSeconds(5)).until(() -> server.context().mounts().find("/live") != null
                    && server.context().mounts().find("/live").stats().framesReceived() >= 39);
            try (RawClient listener = RawClient.connect(server.port()).send("GET /live HTTP/1.0\r\n\r\n")) {
                assertThat(listener.readHead().status()).isEqualTo(200);
                try (Capture capture = Capture.of(listener)) {
                    // The source locks on to the new format after a chain of three frames, and holds the last frame until
                    // a header follows it: three of these four are published, 72 ms of audio, less than a chunk.
                    source.send(frames(AT_48K, 4));
                    await("the 48 kHz frame heard, with nothing after it").atMost(Duration.ofSeconds(3))
                            .until(() -> FrameChain.sampleRates(FrameChain.wholeFrames(capture.data())).contains(48_000));
                }
            }
        }
    }

    private static byte[] frames(FrameHeader format, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] frame = SilentFrames.silentFrame(format);
        for (int i = 0; i < count; i++) {
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }
}
