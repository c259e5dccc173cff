package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Capture;
import io.relaycast.testing.CleanAudio;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.FreePorts;
import io.relaycast.testing.Icecast;
import io.relaycast.testing.IcyDemux;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay server pulling a mount from an origin, as Icecast relays do: the listener of the relay hears the origin's
 * audio, with its station name and titles; the relay waits for a mount that is not there yet, and comes back by itself
 * when the origin restarts, while its own listener stays connected and hears one unbroken chain of frames.
 */
class RelayTest {

    private static final String LOCAL = "/radio";

    @TempDir
    Path dir;

    @Test
    void aListenerOfTheRelayHearsTheOriginWithItsNameAndTitles() throws IOException {
        try (TestServer origin = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, origin.icecastUrl("/live"), 30, 440, "-ice_name", "Origin FM");
             TestServer relay = TestServer.start(relayConfig(origin.url("/live")))) {
            awaitRelaying(relay, 1);
            assertThat(mount(relay).info().name()).isEqualTo("Origin FM");
            try (RawClient listener = RawClient.connect(relay.port())) {
                listener.send("GET " + LOCAL + " HTTP/1.1\r\nHost: x\r\nIcy-MetaData: 1\r\n\r\n");
                RawClient.Head head = listener.readHead();
                assertThat(head.header("icy-name")).isEqualTo("Origin FM");
                int metaint = Integer.parseInt(head.header("icy-metaint"));
                try (Capture capture = Capture.of(listener)) {
                    assertThat(WebClient.get(origin.url("/admin/metadata?mode=updinfo&mount=/live&song=Guns%20N%27%20Roses"),
                            "Authorization", WebClient.source()).statusCode()).isEqualTo(200);
                    await().atMost(Duration.ofSeconds(15)).until(() -> "Guns N' Roses".equals(mount(relay).metadata().title()));
                    long seen = capture.bytes();
                    await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > seen + 2L * (metaint + 100));
                    List<String> titles = new ArrayList<>();
                    byte[] audio = IcyDemux.audio(capture.data(), metaint, titles);
                    assertThat(titles).contains("StreamTitle='Guns N' Roses';");
                    assertDecodesCleanly(audio);
                }
            }
        }
    }

    @Test
    void icecastAsTheOrigin() throws IOException {
        try (Icecast origin = Icecast.start(dir);
             Programs.Running source = Ffmpeg.liveSource(dir, origin.icecastUrl("/live"), 30, 550, "-ice_name", "Ice FM");
             TestServer relay = TestServer.start(relayConfig(origin.url("/live")))) {
            awaitRelaying(relay, 1);
            assertThat(mount(relay).info().name()).isEqualTo("Ice FM");
            assertThat(WebClient.get(origin.url("/admin/metadata?mode=updinfo&mount=/live&song=From%20Icecast"),
                    "Authorization", WebClient.basic("admin", Icecast.ADMIN_PASSWORD)).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> "From Icecast".equals(mount(relay).metadata().title()));
            try (RawClient listener = RawClient.connect(relay.port())) {
                listener.send("GET " + LOCAL + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(listener.readHead().header("icy-name")).isEqualTo("Ice FM");
                try (Capture capture = Capture.of(listener)) {
                    await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > 96_000);
                    assertDecodesCleanly(capture.data());
                }
            }
        }
    }

    @Test
    void aShoutcastStyleOriginAnsweringIcy200WithTheRelaysLogin() throws Exception {
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 10));
        int metaint = 8192;
        List<String> request = new CopyOnWriteArrayList<>();
        try (ServerSocket dnas = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread origin = new Thread(() -> serveLikeShoutcast(dnas, audio, metaint, request), "fake-dnas");
            origin.start();
            String url = "http://relay:s3cret@127.0.0.1:" + dnas.getLocalPort() + "/";
            try (TestServer relay = TestServer.start(relayConfig(url))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> "DNAS Song".equals(mount(relay).metadata().title()));
                assertThat(mount(relay).info().name()).isEqualTo("DNAS Radio");
                // Every frame up to the last whole one the origin sent, metadata taken out, nothing dropped by resync.
                await().atMost(Duration.ofSeconds(10)).until(() -> mount(relay).stats().framesReceived() >= 380);
                assertThat(mount(relay).stats().resyncDropped()).isZero();
                assertThat(request).contains("GET / HTTP/1.0", "Icy-MetaData: 1", "Authorization: Basic cmVsYXk6czNjcmV0");
                assertThat(mount(relay).liveSource().userAgent()).isEqualTo("relay of http://relay:***@127.0.0.1:"
                        + dnas.getLocalPort() + "/");
            }
            origin.join(10_000);
        }
    }

    /** One client: reads its request, answers {@code ICY 200 OK} and sends the audio with a title block every metaint. */
    private static void serveLikeShoutcast(ServerSocket server, byte[] audio, int metaint, List<String> requestLines) {
        try (Socket client = server.accept()) {
            BufferedReader request = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
                requestLines.add(line);
            }
            OutputStream out = client.getOutputStream();
            out.write(("ICY 200 OK\r\nicy-name:DNAS Radio\r\ncontent-type:audio/mpeg\r\nicy-metaint:" + metaint
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] title = "StreamTitle='DNAS Song';".getBytes(StandardCharsets.ISO_8859_1);
            byte[] block = new byte[1 + 16 * ((title.length + 15) / 16)];
            block[0] = (byte) ((block.length - 1) / 16);
            System.arraycopy(title, 0, block, 1, title.length);
            for (int offset = 0; offset < audio.length; offset += metaint) {
                out.write(audio, offset, Math.min(metaint, audio.length - offset));
                if (offset + metaint <= audio.length) {
                    out.write(block);
                }
            }
            out.flush();
            // Stay connected until the relay hangs up (the test ends), as a live origin would.
            client.getInputStream().read();
        } catch (IOException e) {
            // The relay hung up: the test is over.
        }
    }

    @Test
    void theRelayWaitsForTheOriginAndComesBackWhenItRestarts() throws IOException {
        int originPort = FreePorts.pick();
        try (TestServer relay = TestServer.start(relayConfig("http://127.0.0.1:" + originPort + "/live"));
             RawClient listener = RawClient.connect(relay.port())) {
            // The origin is not there yet: the relay's mount exists and plays silence, and the listener is served.
            listener.send("GET " + LOCAL + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                try (TestServer origin = TestServer.start(TestServer.config().withPort(originPort));
                     Programs.Running source = Ffmpeg.liveSource(dir, origin.icecastUrl("/live"), 30, 440)) {
                    awaitRelaying(relay, 1);
                }
                // The origin is gone: the relay gives the mount up, and the listener stays.
                await().atMost(Duration.ofSeconds(10)).until(() -> mount(relay).liveSource() == null);
                try (TestServer origin = TestServer.start(TestServer.config().withPort(originPort));
                     Programs.Running source = Ffmpeg.liveSource(dir, origin.icecastUrl("/live"), 30, 660)) {
                    awaitRelaying(relay, 2);
                    long seen = capture.bytes();
                    await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > seen + 32_000);
                }
                assertThat(capture.ended()).as("the relay's listener stayed connected").isFalse();
                assertDecodesCleanly(capture.data());
            }
        }
    }

    @Test
    void anOriginThatAcceptsButNeverAnswersIsGivenUpAfterTheSourceTimeoutAndTriedAgain() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket hung = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread origin = new Thread(() -> acceptAndSayNothing(hung, accepted), "hung-origin");
            origin.start();
            try (TestServer relay = TestServer.start(relayConfig("http://127.0.0.1:" + hung.getLocalPort() + "/live"))) {
                RelayPuller puller = relay.server().relays().get(0);
                // Icecast's relay gives up on a silent origin's answer too ("Header read failed") and tries again.
                await().atMost(Duration.ofSeconds(15)).until(() -> puller.attempts() >= 2 && accepted.size() >= 2);
                Socket first = accepted.get(0);
                first.setSoTimeout(5000);
                assertThat(new String(first.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                        .as("the first connection: its request, then closed by the relay").startsWith("GET /live HTTP/1.0");
            } finally {
                hung.close();
                origin.join(5000);
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    /** Accepts connections, reads nothing and answers nothing, until the server socket is closed. */
    private static void acceptAndSayNothing(ServerSocket server, List<Socket> accepted) {
        try {
            while (true) {
                accepted.add(server.accept());
            }
        } catch (IOException closed) {
            // The test is over.
        }
    }

    @Test
    void whileTheOriginHasNothingOnAirTheRelaysOwnPlaylistPlaysAndTheOriginsNextDjComesBackLive() throws IOException {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("relay-own.mp3"), 3, 128, 880);
        try (TestServer origin = TestServer.start();
             TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.builder(LOCAL)
                     .playlist(music).relay(URI.create(origin.url("/live"))).build())));
             RawClient listener = RawClient.connect(relay.port())) {
            RelayPuller puller = relay.server().relays().get(0);
            try (Programs.Running firstDj = Ffmpeg.liveSource(dir, origin.icecastUrl("/live"), 60, 440)) {
                awaitRelaying(relay, 1);
                listener.send("GET " + LOCAL + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
            }
            try (Capture capture = Capture.of(listener)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> mount(relay).onAir() == OnAir.PLAYLIST);
                assertThat(puller.isConnected()).as("the relay stays connected to the origin's filler").isTrue();
                long fallbackFrames = mount(relay).stats().framesReceived();
                try (Programs.Running nextDj = Ffmpeg.liveSource(dir, origin.icecastUrl("/live"), 60, 550)) {
                    await().atMost(Duration.ofSeconds(15)).until(() -> mount(relay).onAir() == OnAir.LIVE
                            && mount(relay).stats().framesReceived() > fallbackFrames + 40);
                }
                assertThat(puller.connections()).as("one connection throughout").isEqualTo(1);
                assertThat(capture.ended()).isFalse();
                assertDecodesCleanly(capture.data());
            }
        }
    }

    @Test
    void anOnDemandRelayPullsOnlyWhileItHasListeners() {
        try (TestServer origin = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, origin.icecastUrl("/live"), 60, 440);
             TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.builder(LOCAL)
                     .relay(URI.create(origin.url("/live"))).relayOnDemand(true).build())))) {
            RelayPuller puller = relay.server().relays().get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> origin.context().mounts().find("/live") != null
                    && origin.context().mounts().find("/live").liveSource() != null);
            Mount originMount = origin.context().mounts().find("/live");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> !puller.isConnected() && originMount.stats().currentListeners() == 0);
            try (RawClient listener = RawClient.connect(relay.port())) {
                listener.send("GET " + LOCAL + " HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).as("listenable before the relay connects").isEqualTo(200);
                awaitRelaying(relay, 1);
                assertThat(originMount.stats().currentListeners()).isEqualTo(1);
                try (Capture capture = Capture.of(listener)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > 48_000);
                    assertThat(FrameChain.assertChain(capture.data(), true)).isGreaterThan(100);
                }
            }
            await().atMost(RelayPuller.LINGER.plusSeconds(10))
                    .until(() -> !puller.isConnected() && originMount.stats().currentListeners() == 0);
            assertThat(puller.connections()).as("one connection, for the one listener").isEqualTo(1);
        }
    }

    @Test
    void anOnDemandRelayThatIsAnotherMountsFallbackConnectsWhileThatMountHasListeners() throws IOException {
        try (TestServer origin = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, origin.icecastUrl("/live"), 60, 440);
             TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(
                     MountConfig.builder("/main").fallbackMount(LOCAL).build(),
                     MountConfig.builder(LOCAL).relay(URI.create(origin.url("/live"))).relayOnDemand(true).build())))) {
            RelayPuller puller = relay.server().relays().get(0);
            Mount main = relay.context().mounts().find("/main");
            try (RawClient listener = RawClient.connect(relay.port())) {
                listener.send("GET /main HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                try (Capture capture = Capture.of(listener)) {
                    await("the relay connects for the listener of the mount falling back to it")
                            .atMost(Duration.ofSeconds(15)).until(() -> puller.connections() == 1);
                    await("/main plays the relayed origin").atMost(Duration.ofSeconds(10))
                            .until(() -> main.onAir() == OnAir.FALLBACK_MOUNT);
                }
            }
            await("the relay hangs up once nobody hears it").atMost(RelayPuller.LINGER.plusSeconds(10))
                    .until(() -> !puller.isConnected());
            assertThat(puller.connections()).isEqualTo(1);
        }
    }

    private static io.relaycast.config.ServerConfig relayConfig(String originUrl) {
        return TestServer.config().withMounts(List.of(
                MountConfig.builder(LOCAL).relay(URI.create(originUrl)).build()));
    }

    /** The relay has connected {@code connections} times and holds its mount with audio flowing. */
    private static void awaitRelaying(TestServer relay, long connections) {
        RelayPuller puller = relay.server().relays().get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> puller.connections() >= connections
                && mount(relay).liveSource() != null && mount(relay).format() != null);
        long frames = mount(relay).stats().framesReceived();
        await().atMost(Duration.ofSeconds(10)).until(() -> mount(relay).stats().framesReceived() > frames + 20);
    }

    private static Mount mount(TestServer relay) {
        return relay.context().mounts().find(LOCAL);
    }

    private void assertDecodesCleanly(byte[] audio) throws IOException {
        CleanAudio.assertDecodesCleanly(dir, audio, 101);
    }
}
