package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.mp3.SilentFrames;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Origins that keep sending but never send audio: bytes that are no MP3 after a 200, or a response head a byte at a
 * time. Both are given up after the source timeout (3 s here) and tried again, as a silent origin is; neither holds the
 * relay's mount on the air with nothing to play.
 */
class OriginMisbehaviourTest {

    private static final String LOCAL = "/radio";

    @TempDir
    Path dir;

    private final ScheduledExecutorService pacing = Executors.newScheduledThreadPool(2);
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopOrigin() throws IOException {
        pacing.shutdownNow();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    @Test
    void anOriginSendingBytesThatAreNoMp3AfterItsHeadIsGivenUpAndTriedAgain() throws Exception {
        byte[] head = "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] page = "<html><body>This is not audio.</body></html>\n".getBytes(StandardCharsets.ISO_8859_1);
        try (ServerSocket origin = origin(head, () -> page)) {
            try (TestServer relay = TestServer.start(relayConfig(origin))) {
                RelayPuller puller = relay.server().relays().get(0);
                Mount mount = relay.context().mounts().find(LOCAL);
                await().atMost(Duration.ofSeconds(10)).until(() -> puller.connections() >= 1);
                await("given up and asked again").atMost(Duration.ofSeconds(15))
                        .until(() -> puller.attempts() >= 2 && accepted.size() >= 2);
                assertThat(mount.stats().framesReceived()).as("nothing played from it").isZero();
            }
        }
    }

    @Test
    void anOriginTricklingItsResponseHeadIsGivenUpAndTriedAgain() throws Exception {
        byte[] status = "HTTP/1.0 200 OK\r\nX-Padding: ".getBytes(StandardCharsets.ISO_8859_1);
        try (ServerSocket origin = origin(status, () -> new byte[] {'a'})) {
            try (TestServer relay = TestServer.start(relayConfig(origin))) {
                RelayPuller puller = relay.server().relays().get(0);
                // A byte every 200 ms is well within the idle timeout; the head, never ending, must not hold the relay.
                await("given up and asked again").atMost(Duration.ofSeconds(15))
                        .until(() -> puller.attempts() >= 2 && accepted.size() >= 2);
                assertThat(puller.connections()).as("never live").isZero();
            }
        }
    }

    @Test
    void anOriginSendingAacLabelledMp3IsRefusedForItsFormatWhileTheRelaysPlaylistPlaysOn() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("own.mp3"), 3, 128, 880);
        Path aac = dir.resolve("tone.aac");
        Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=44100:duration=10", "-c:a", "aac", "-b:a", "128k", "-f", "adts", aac.toString())
                .assertSuccess();
        byte[] stream = Files.readAllBytes(aac);
        AtomicInteger sent = new AtomicInteger();
        Supplier<byte[]> more = () -> {
            int from = sent.getAndAdd(4096) % (stream.length - 4096);
            return Arrays.copyOfRange(stream, from, from + 4096);
        };
        byte[] head = "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (LoggedWarnings warnings = LoggedWarnings.of(RelayPuller.class); ServerSocket origin = origin(head, more);
             TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.builder(LOCAL).playlist(music)
                     .relay(URI.create("http://127.0.0.1:" + origin.getLocalPort() + "/live")).build())));
             RawClient listener = RawClient.connect(relay.port())) {
            Mount mount = relay.context().mounts().find(LOCAL);
            listener.send("GET " + LOCAL + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                await("refused for its format").atMost(Duration.ofSeconds(10))
                        .until(() -> warnings.first("relay", "(no MP3 frames)") != null);
                assertThat(warnings.first("relay", "(no MP3 frames)")).contains("trying again in 30 s");
                long heard = capture.bytes();
                await("the playlist heard on").atMost(Duration.ofSeconds(5)).until(() -> capture.bytes() > heard + 16_000);
                assertThat(mount.onAir()).isEqualTo(OnAir.PLAYLIST);
                assertThat(mount.stats().sourceConnects()).isZero();
                // The origin never held the mount: its bytes and its end are no source's, so the mount's counters stay.
                assertThat(mount.stats().resyncDropped()).isZero();
                assertThat(mount.stats().sourceTimeouts()).isZero();
            }
        }
    }

    @Test
    void anIdleOriginSendingOnlyFillerNeverTakesTheRelaysMountFromItsPlaylist() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("own.mp3"), 3, 128, 880);
        // A relaycast origin mount with nothing on air: 200 ms of silent filler frames every 200 ms.
        byte[] filler = SilentFrames.silentFrame(SilentFrames.defaultFormat());
        byte[] fillerBurst = TestAudio.concat(Collections.nCopies(8, filler));
        byte[] head = "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (ServerSocket origin = origin(head, () -> fillerBurst);
             TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.builder(LOCAL).playlist(music)
                     .relay(URI.create("http://127.0.0.1:" + origin.getLocalPort() + "/live")).build())));
             RawClient listener = RawClient.connect(relay.port())) {
            Mount mount = relay.context().mounts().find(LOCAL);
            RelayPuller puller = relay.server().relays().get(0);
            listener.send("GET " + LOCAL + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                await("connected to the origin").atMost(Duration.ofSeconds(10)).until(() -> puller.connections() >= 1);
                await("the playlist stays on air").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5))
                        .until(() -> mount.onAir() == OnAir.PLAYLIST);
                long heard = capture.bytes();
                await("the playlist heard on").atMost(Duration.ofSeconds(5)).until(() -> capture.bytes() > heard + 16_000);
                assertThat(mount.stats().sourceConnects()).isZero();
                assertThat(mount.stats().framesReceived()).isZero();
            }
        }
    }

    /** An origin that answers every connection with {@code head}, then {@code more} every 200 ms until it is closed. */
    private ServerSocket origin(byte[] head, Supplier<byte[]> more) throws IOException {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    OutputStream out = socket.getOutputStream();
                    out.write(head);
                    pacing.scheduleWithFixedDelay(() -> {
                        try {
                            out.write(more.get());
                        } catch (IOException closed) {
                            throw new IllegalStateException("closed by the relay", closed);
                        }
                    }, 200, 200, TimeUnit.MILLISECONDS);
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }, "misbehaving-origin");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private static io.relaycast.config.ServerConfig relayConfig(ServerSocket origin) {
        return TestServer.config().withMounts(List.of(MountConfig.builder(LOCAL)
                .relay(URI.create("http://127.0.0.1:" + origin.getLocalPort() + "/live")).build()));
    }
}
