package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ServerConfig;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What players get when they open a mount, on real sockets. */
class ListenerProtocolTest {

    @TempDir
    static Path dir;
    static List<byte[]> frames;

    @BeforeAll
    static void makeAudio() {
        frames = TestAudio.toneFrames(dir, 6);
    }

    @Test
    void anUnknownMountIs404() {
        try (TestServer server = TestServer.start(); RawClient client = RawClient.connect(server.port())) {
            client.send("GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(404);
        }
    }

    @Test
    void theStreamHeadCarriesTheSourcesDescriptionAsIcyHeaders() {
        try (TestServer server = TestServer.start();
             RawClient source = RawSource.open(server.port(), "/live", "ice-name: Night Shift", "ice-description: Late jazz",
                     "ice-genre: Jazz", "ice-url: https://radio.example", "ice-public: 1",
                     "ice-audio-info: bitrate=128;channels=2");
             RawClient listener = RawClient.connect(server.port())) {
            source.send(TestAudio.concat(frames.subList(0, 40)));
            awaitListenable(server);
            listener.send("GET /live HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Head head = listener.readHead();
            assertThat(head.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(head.header("Content-Type")).isEqualTo("audio/mpeg");
            assertThat(head.header("Cache-Control")).isEqualTo("no-cache, no-store");
            assertThat(head.header("icy-name")).isEqualTo("Night Shift");
            assertThat(head.header("icy-description")).isEqualTo("Late jazz");
            assertThat(head.header("icy-genre")).isEqualTo("Jazz");
            assertThat(head.header("icy-url")).isEqualTo("https://radio.example");
            assertThat(head.header("icy-pub")).isEqualTo("1");
            assertThat(head.header("icy-br")).isEqualTo("128");
            assertThat(head.header("icy-metaint")).as("only when asked for").isNull();
            assertThat(head.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(head.header("Access-Control-Expose-Headers")).contains("icy-metaint", "icy-name");
            List<String> exposed = Arrays.stream(head.header("Access-Control-Expose-Headers").split(","))
                    .map(name -> name.trim().toLowerCase(Locale.ROOT)).toList();
            assertThat(head.headers().keySet()).as("a web player on another site may read every station header")
                    .filteredOn(name -> name.startsWith("icy-") || name.startsWith("ice-")).isNotEmpty()
                    .allMatch(exposed::contains);
            byte[] burst = listener.readExactly(8000);
            assertThat(FrameChain.startsOnFrame(burst)).isTrue();
            FrameChain.assertChain(burst, true);
        }
    }

    @Test
    void anUnnamedStreamIsNamedAfterItsMountForAPlainRequestSoVlcAsksForTitles() {
        try (TestServer server = TestServer.start();
             RawClient source = RawSource.open(server.port(), "/live");
             RawClient plain = RawClient.connect(server.port());
             RawClient icy = RawClient.connect(server.port())) {
            source.send(TestAudio.concat(frames.subList(0, 40)));
            awaitListenable(server);
            plain.send("GET /live HTTP/1.1\r\nHost: x\r\nRange: bytes=0-\r\n\r\n");
            assertThat(plain.readHead().header("icy-name")).as("what VLC's first request needs to ask again for titles")
                    .isEqualTo("/live");
            icy.send("GET /live HTTP/1.0\r\nHost: x\r\nIcy-MetaData: 1\r\n\r\n");
            RawClient.Head head = icy.readHead();
            assertThat(head.header("icy-metaint")).isNotNull();
            assertThat(head.header("icy-name")).as("no made-up name for players and relays that ask for titles").isNull();
            assertThat(server.context().mounts().find("/live").info().name()).isEmpty();
        }
    }

    @Test
    void aStationNameInUtf8ReachesPlayersStatusAndPlaylistsAsWritten() {
        // ffmpeg, butt and liquidsoap send ice-name as UTF-8 bytes; an old encoder may send ISO-8859-1.
        String utf8Name = new String("Café ☕ FM".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        try (TestServer server = TestServer.start();
             RawClient source = RawSource.open(server.port(), "/live", "ice-name: " + utf8Name, "ice-genre: Caf\u00e9 Jazz");
             RawClient listener = RawClient.connect(server.port())) {
            source.send(TestAudio.concat(frames.subList(0, 10)));
            awaitListenable(server);
            listener.send("GET /live HTTP/1.0\r\n\r\n");
            RawClient.Head head = listener.readHead();
            assertThat(head.header("icy-name")).as("the UTF-8 bytes, as Icecast passes them on").isEqualTo(utf8Name);
            assertThat(head.header("icy-genre")).as("in UTF-8 too").isEqualTo(
                    new String("Café Jazz".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            String status = WebClient.get(server.url("/status.json")).body();
            assertThat(status).contains("\"server_name\":\"Café ☕ FM\"", "\"genre\":\"Café Jazz\"");
            assertThat(WebClient.get(server.url("/live.m3u")).body()).contains("#EXTINF:-1,Café ☕ FM");
        }
    }

    @Test
    void icyMetadataIsOfferedWhenThePlayerAsksForItWithTheBitrateOfTheAudioWhenNoneWasDeclared() {
        try (TestServer server = TestServer.start();
             RawClient source = RawSource.open(server.port(), "/live");
             RawClient listener = RawClient.connect(server.port())) {
            source.send(TestAudio.concat(frames.subList(0, 10)));
            awaitListenable(server);
            listener.send("GET /live HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n");
            RawClient.Head head = listener.readHead();
            assertThat(head.header("icy-metaint")).isEqualTo("16000");
            assertThat(head.header("icy-br")).as("players show it; the status JSON says 128 too").isEqualTo("128");
        }
    }

    @Test
    void aRequestTargetInAbsoluteFormIsServedLikeItsPath() {
        try (TestServer server = TestServer.start();
             RawClient source = RawSource.open(server.port(), "/live");
             RawClient listener = RawClient.connect(server.port())) {
            source.send(TestAudio.concat(frames.subList(0, 10)));
            awaitListenable(server);
            listener.send("GET http://radio.example:8000/live HTTP/1.1\r\nHost: radio.example:8000\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            assertThat(listener.readExactly(4)[0]).isEqualTo((byte) 0xFF);
        }
    }

    @Test
    void headAnswersTheHeadersAloneAndCloses() {
        try (TestServer server = TestServer.start();
             RawClient source = RawSource.open(server.port(), "/live");
             RawClient listener = RawClient.connect(server.port())) {
            source.send(TestAudio.concat(frames.subList(0, 10)));
            awaitListenable(server);
            listener.send("HEAD /live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            assertThat(listener.readToEnd()).isEmpty();
            assertThat(server.context().listeners().count()).isZero();
        }
    }

    @Test
    void theListenerLimitAnswers503WithAReason() {
        ServerConfig two = TestServer.config().toBuilder().maxListeners(2).build();
        try (TestServer server = TestServer.start(two);
             RawClient source = RawSource.open(server.port(), "/live");
             RawClient first = RawClient.connect(server.port());
             RawClient second = RawClient.connect(server.port());
             RawClient third = RawClient.connect(server.port())) {
            source.send(TestAudio.concat(frames.subList(0, 10)));
            awaitListenable(server);
            first.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(first.readHead().status()).isEqualTo(200);
            second.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(second.readHead().status()).isEqualTo(200);
            third.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(third.readHead().status()).isEqualTo(503);
            assertThat(new String(third.readToEnd(), StandardCharsets.UTF_8)).contains("full");
            first.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.context().listeners().count() == 1);
            try (RawClient fourth = RawClient.connect(server.port())) {
                fourth.send("GET /live HTTP/1.0\r\n\r\n");
                assertThat(fourth.readHead().status()).as("a freed place can be taken again").isEqualTo(200);
            }
        }
    }

    @Test
    void withASourcePortSourcesAndListenersAreKeptApart() {
        ServerConfig split = TestServer.config().toBuilder().sourcePort(0).build();
        try (TestServer server = TestServer.start(split)) {
            int sourcePort = server.server().sourcePort();
            assertThat(sourcePort).isPositive().isNotEqualTo(server.port());
            try (RawClient wrongPort = RawClient.connect(server.port())) {
                wrongPort.send("SOURCE /live HTTP/1.0\r\nAuthorization: " + RawSource.basic("source", TestServer.SOURCE_PASSWORD)
                        + "\r\n\r\n");
                assertThat(wrongPort.readHead().status()).isEqualTo(403);
            }
            try (RawClient source = RawSource.open(sourcePort, "/live"); RawClient listener = RawClient.connect(server.port());
                 RawClient listenerOnSourcePort = RawClient.connect(sourcePort)) {
                source.send(TestAudio.concat(frames.subList(0, 10)));
                awaitListenable(server);
                listener.send("GET /live HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                listenerOnSourcePort.send("GET /live HTTP/1.0\r\n\r\n");
                assertThat(listenerOnSourcePort.readHead().status()).isEqualTo(403);
            }
        }
    }

    private static void awaitListenable(TestServer server) {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.context().mounts().find("/live") != null
                && server.context().mounts().find("/live").format() != null);
    }
}
