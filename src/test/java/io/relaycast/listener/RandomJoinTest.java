package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.BurstSize;
import io.relaycast.config.ServerConfig;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Whenever a player joins, and whatever the burst, its first byte is the first byte of an MP3 frame. */
class RandomJoinTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"64k", "0", "1500ms", "10000"})
    void everyJoinStartsOnAFrameHeader(String burst) {
        ServerConfig config = TestServer.config().toBuilder().burstSize(BurstSize.parse(burst)).build();
        Random random = new Random(burst.hashCode());
        try (TestServer server = TestServer.start(config);
             Programs.Running source = Ffmpeg.liveSource(dir, server.icecastUrl("/live"), 30, 440);
             RawClient reference = RawClient.connect(server.port())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/live") != null
                    && server.context().mounts().find("/live").format() != null);
            reference.send("GET /live HTTP/1.0\r\n\r\n");
            reference.readHead();
            try (Capture clock = Capture.of(reference)) {
                for (int join = 0; join < 12; join++) {
                    // Join at a random point of the audio, measured by what a reference listener has received.
                    long at = clock.bytes() + random.nextInt(6000);
                    await().atMost(Duration.ofSeconds(5)).until(() -> clock.bytes() >= at);
                    try (RawClient listener = RawClient.connect(server.port())) {
                        listener.send("GET /live HTTP/1.1\r\nHost: x\r\n\r\n");
                        assertThat(listener.readHead().status()).isEqualTo(200);
                        byte[] start = listener.readExactly(3000);
                        assertThat(FrameChain.startsOnFrame(start)).as("join %d with burst %s", join, burst).isTrue();
                        FrameChain.assertChain(start, true);
                    }
                }
            }
        }
    }
}
