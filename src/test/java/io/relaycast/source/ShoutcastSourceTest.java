package io.relaycast.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ConnectionLimits;
import io.relaycast.config.ServerConfig;
import io.relaycast.mount.Mount;
import io.relaycast.testing.Butt;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.FreePorts;
import io.relaycast.testing.IcyDemux;
import io.relaycast.testing.Mpg123;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.Station;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SHOUTcast v1 sources (libshout's ICY protocol, Winamp's DSP, SAM, butt and Mixxx in SHOUTcast mode): the login on the
 * port above the source port, audio to the SHOUTcast mount, title updates through {@code /admin.cgi}; bad logins cost
 * nothing. Then the real thing: ezstream (libshout) and liquidsoap's {@code output.shoutcast}.
 */
class ShoutcastSourceTest {

    /** How long a real encoder may take to start and go on air on a loaded machine (liquidsoap alone can take 10 s). */
    private static final Duration ENCODER_START = Duration.ofSeconds(30);

    private static final String MOUNT = "/sc";
    private static final String LOGIN = TestServer.SOURCE_PASSWORD + "\r\ncontent-type:audio/mpeg\r\nicy-name:SC Station\r\n"
            + "icy-genre:Jazz\r\nicy-url:http://sc.example\r\nicy-pub:1\r\nicy-br:128\r\n\r\n";

    @TempDir
    static Path dir;
    static List<byte[]> frames;

    @BeforeAll
    static void makeAudio() {
        frames = TestAudio.toneFrames(dir, 4);
    }

    @Test
    void aLoginWithAudioInTheSamePacketGoesLiveWithTheStationHeaders() {
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT));
             RawClient source = RawClient.connect(server.server().shoutcastPort())) {
            source.send(concat(LOGIN.getBytes(StandardCharsets.ISO_8859_1), TestAudio.concat(frames.subList(0, 20))));
            assertThat(new String(source.readExactly(ShoutcastLogin.ACCEPTED.length()), StandardCharsets.US_ASCII))
                    .isEqualTo("OK2\r\nicy-caps:11\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == 19);
            Mount mount = server.context().mounts().find(MOUNT);
            assertThat(mount.info().name()).isEqualTo("SC Station");
            assertThat(mount.info().genre()).isEqualTo("Jazz");
            assertThat(mount.info().url()).isEqualTo("http://sc.example");
            assertThat(mount.info().bitrate()).isEqualTo("128");
            assertThat(mount.info().isPublic()).isTrue();
        }
    }

    @Test
    void aWrongPasswordGetsItsAnswerAndCostsNothing() {
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT));
             RawClient source = RawClient.connect(server.server().shoutcastPort())) {
            source.send("hackme\nicy-name:Intruder\n\n");
            assertThat(new String(source.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("invalid password\r\n");
            assertThat(server.context().mounts().find(MOUNT)).isNull();
            assertThat(server.context().requests().rejectedCount(401)).isEqualTo(1);
        }
    }

    @Test
    void libshoutsProbeIsAnsweredWithoutCountingARefusal() {
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT));
             RawClient probe = RawClient.connect(server.server().shoutcastPort())) {
            probe.send("!POKE\nicy-name:libshout server poke request\n\n");
            assertThat(new String(probe.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("invalid password\r\n");
            assertThat(server.context().requests().rejectedCount(401)).isZero();
        }
    }

    @Test
    void aSecondSourceIsTurnedAwayAndTheFirstStaysOnAir() {
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT));
             RawClient first = RawClient.connect(server.server().shoutcastPort());
             RawClient second = RawClient.connect(server.server().shoutcastPort())) {
            first.send(concat(LOGIN.getBytes(StandardCharsets.ISO_8859_1), TestAudio.concat(frames.subList(0, 10))));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == 9);
            second.send(LOGIN);
            assertThat(second.closedByServer(5000)).isTrue();
            assertThat(server.context().requests().rejectedCount(403)).isEqualTo(1);
            first.send(TestAudio.concat(frames.subList(10, 20)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == 19);
        }
    }

    /**
     * An encoder held while its mount is busy has sent its whole login: it no longer counts as a connection waiting for
     * one, neither against --max-pending-per-address (here 1: a listener from the same address gets in meanwhile) nor
     * against --header-timeout.
     */
    @Test
    void aHeldEncoderNoLongerCountsAsAConnectionWaitingForItsLogin() {
        ServerConfig config = TestServer.config().withShoutcastMount(MOUNT).withLimits(new ConnectionLimits(0, 1));
        try (TestServer server = TestServer.start(config);
             RawClient first = RawClient.connect(server.server().shoutcastPort())) {
            first.send(concat(LOGIN.getBytes(StandardCharsets.ISO_8859_1), TestAudio.concat(frames.subList(0, 10))));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == 9);
            RawClient second = RawClient.connect(server.server().shoutcastPort());
            second.send(LOGIN);
            assertThat(new String(second.readExactly(ShoutcastLogin.ACCEPTED.length()), StandardCharsets.US_ASCII))
                    .as("held, its mount busy").isEqualTo(ShoutcastLogin.ACCEPTED);
            try (RawClient listener = RawClient.connect(server.port())) {
                listener.send("GET " + MOUNT + " HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
            }
            assertThat(server.context().requests().rejectedCount(403)).as("let in while the encoder was held").isZero();
            assertThat(second.closedByServer(5000)).as("refused at the end of its grace").isTrue();
            second.close();
            assertThat(server.context().requests().rejectedCount(403)).isEqualTo(1);
        }
    }

    @Test
    void aSourceReconnectingAtOnceWaitsForItsOldConnectionAndPlaysFromItsFirstFrame() {
        // Each connection sends its audio at once, then nothing until the next comes: a source timeout far off.
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)).withShoutcastMount(MOUNT));
             RawClient listener = RawClient.connect(server.port())) {
            RawClient source = RawClient.connect(server.server().shoutcastPort());
            source.send(concat(LOGIN.getBytes(StandardCharsets.ISO_8859_1), TestAudio.concat(frames.subList(0, 10))));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == 9);
            listener.send("GET " + MOUNT + " HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            for (int reconnect = 1; reconnect <= 5; reconnect++) {
                // The new connection's login and audio arrive before the old connection's end, as after a quick restart.
                RawClient next = RawClient.connect(server.server().shoutcastPort());
                next.send(concat(LOGIN.getBytes(StandardCharsets.ISO_8859_1), TestAudio.concat(frames.subList(0, 10))));
                assertThat(new String(next.readExactly(ShoutcastLogin.ACCEPTED.length()), StandardCharsets.US_ASCII))
                        .isEqualTo(ShoutcastLogin.ACCEPTED);
                // Held for only a second (SourceHold.GRACE): checked once, then the old connection ends at once.
                await("the new connection held").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(10)).until(() -> server.context().mounts().sourcesWaitingFor(MOUNT) == 1);
                assertThat(mount(server).stats().sourceHandovers()).isEqualTo(reconnect - 1);
                source.close();
                source = next;
                int expected = 10 * reconnect + 9;
                // Each connection's last frame ends at its close; all the others, the first included, play.
                await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == expected);
            }
            source.close();
            assertThat(mount(server).stats().sourceHandovers()).isEqualTo(5);
            assertThat(server.context().requests().rejectedCount(403)).isZero();
        }
    }

    @Test
    void theTitleSentRightAfterOk2ByAReconnectingEncoderIsKeptForItsNewConnection() {
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT))) {
            // The new login is held for only a second (SourceHold.GRACE): the HTTP client's first use, slow on a loaded
            // machine, comes before.
            assertThat(WebClient.get(server.url("/status-json.xsl")).statusCode()).isEqualTo(200);
            RawClient old = RawClient.connect(server.server().shoutcastPort());
            old.send(concat(LOGIN.getBytes(StandardCharsets.ISO_8859_1), TestAudio.concat(frames.subList(0, 10))));
            await("the old connection on air").atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == 9);
            // A quick restart: the new login is held while the old connection still holds the mount, and the encoder
            // sends its title as soon as it hears OK2.
            try (RawClient next = RawClient.connect(server.server().shoutcastPort()).send(LOGIN)) {
                assertThat(new String(next.readExactly(ShoutcastLogin.ACCEPTED.length()), StandardCharsets.US_ASCII))
                        .isEqualTo(ShoutcastLogin.ACCEPTED);
                assertThat(WebClient.get(server.url("/admin.cgi?mode=updinfo&pass=" + TestServer.SOURCE_PASSWORD
                        + "&song=Coltrane%20-%20Naima")).statusCode()).isEqualTo(200);
                old.close();
                await("the new connection on air").atMost(Duration.ofSeconds(5))
                        .until(() -> mount(server) != null && mount(server).stats().sourceHandovers() == 1);
                assertThat(mount(server).metadata().title()).isEqualTo("Coltrane - Naima");
            }
        }
    }

    @Test
    void anEndlessLoginIsCutOff() {
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT));
             RawClient source = RawClient.connect(server.server().shoutcastPort())) {
            source.send(TestServer.SOURCE_PASSWORD + "\n");
            source.send("icy-name:" + "x".repeat(ShoutcastLogin.MAX_LOGIN_BYTES));
            assertThat(source.closedByServer(5000)).isTrue();
            assertThat(server.context().requests().rejectedCount(431)).isEqualTo(1);
            assertThat(server.context().mounts().find(MOUNT)).isNull();
        }
    }

    /**
     * libshout sends its headers with the password and, once it hears OK2, the title on a connection of its own: the
     * source must be on air by then, or the title is refused ("Source does not exist") and the listeners never see it.
     */
    @Test
    void aLoginInOnePacketIsOnAirBeforeItHearsOk2SoATitleSentRightAfterIsTaken() {
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT), 1)) {
            for (int login = 0; login < 20; login++) {
                try (RawClient source = RawClient.connect(server.server().shoutcastPort())) {
                    source.send(LOGIN);
                    assertThat(new String(source.readExactly(ShoutcastLogin.ACCEPTED.length()), StandardCharsets.US_ASCII))
                            .isEqualTo(ShoutcastLogin.ACCEPTED);
                    Mount mount = mount(server);
                    assertThat(mount != null && mount.liveSource() != null).as("on air when OK2 arrives, login " + login)
                            .isTrue();
                    HttpResponse<String> title = WebClient.get(server.url("/admin.cgi?mode=updinfo&pass="
                            + TestServer.SOURCE_PASSWORD + "&song=Right%20After%20" + login));
                    assertThat(title.statusCode()).isEqualTo(200);
                    assertThat(mount.metadata().title()).isEqualTo("Right After " + login);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> mount(server) == null || mount(server).liveSource() == null);
            }
        }
    }

    @Test
    void titlesComeThroughAdminCgiWithThePasswordAsAParameter() {
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT));
             RawClient source = RawClient.connect(server.server().shoutcastPort())) {
            source.send(concat(LOGIN.getBytes(StandardCharsets.ISO_8859_1), TestAudio.concat(frames.subList(0, 10))));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == 9);
            HttpResponse<String> wrong = WebClient.get(server.url("/admin.cgi?mode=updinfo&pass=nope&song=Spam"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            // ISO-8859-1 bytes, as SHOUTcast tools send them: "Café" with é as 0xE9.
            HttpResponse<String> right = WebClient.get(server.url("/admin.cgi?mode=updinfo&pass="
                    + TestServer.SOURCE_PASSWORD + "&song=Caf%E9%20Society%20-%20Blue"));
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).contains("Metadata update successful");
            assertThat(server.context().mounts().find(MOUNT).metadata().title()).isEqualTo("Café Society - Blue");
        }
    }

    @Test
    void shoutcast2StreamIdAndUserColonPasswordLoginsAreLetInAsIcecastLetsThemIn() {
        // butt in SHOUTcast 2 mode and liquidsoap with icy_id send "password:#1"; liquidsoap with user set "user:password".
        Map<String, String> answers = new LinkedHashMap<>();
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT))) {
            for (String password : List.of(TestServer.SOURCE_PASSWORD + ":#1", "source:" + TestServer.SOURCE_PASSWORD,
                    "source:" + TestServer.SOURCE_PASSWORD + ":#1", TestServer.SOURCE_PASSWORD + ":#2",
                    "intruder:" + TestServer.SOURCE_PASSWORD)) {
                try (RawClient source = RawClient.connect(server.server().shoutcastPort())) {
                    source.send(password + "\r\ncontent-type:audio/mpeg\r\nicy-name:SC2\r\n\r\n");
                    answers.put(password, new String(source.readExactly(3), StandardCharsets.US_ASCII));
                }
            }
        }
        assertThat(answers).containsExactly(entry(TestServer.SOURCE_PASSWORD + ":#1", "OK2"),
                entry("source:" + TestServer.SOURCE_PASSWORD, "OK2"),
                entry("source:" + TestServer.SOURCE_PASSWORD + ":#1", "OK2"),
                entry(TestServer.SOURCE_PASSWORD + ":#2", "inv"), entry("intruder:" + TestServer.SOURCE_PASSWORD, "inv"));
    }

    @Test
    void aTitleFromButtWithItsStreamIdInThePasswordIsTaken() {
        // butt writes its request line itself, pass= unescaped: "pw:#1" reaches the server with its '#'.
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT));
             RawClient source = RawClient.connect(server.server().shoutcastPort())) {
            source.send(concat(LOGIN.getBytes(StandardCharsets.ISO_8859_1), TestAudio.concat(frames.subList(0, 10))));
            await("the SHOUTcast source on air").atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == 9);
            try (RawClient update = RawClient.connect(server.port())) {
                update.send("GET /admin.cgi?pass=" + TestServer.SOURCE_PASSWORD
                        + ":#1&mode=updinfo&song=Blue%20Train HTTP/1.0\r\nUser-Agent: butt\r\n\r\n");
                assertThat(update.readHead().status()).isEqualTo(200);
            }
            assertThat(server.context().mounts().find(MOUNT).metadata().title()).isEqualTo("Blue Train");
        }
    }

    @Test
    void sevenHtmlGivesTheListenerCountAsAShoutcastV1ServerDoes() {
        String page = "<HTML><meta http-equiv=\"Pragma\" content=\"no-cache\"></head><body>%s</body></html>";
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount(MOUNT));
             RawClient source = RawClient.connect(server.server().shoutcastPort());
             RawClient listener = RawClient.connect(server.port())) {
            // Listeners, on the air, peak, maximum (the server's), unique listeners, bitrate, title.
            assertThat(WebClient.get(server.url("/7.html")).body()).isEqualTo(page.formatted("0,0,0,100,0,0,"));
            source.send(concat(LOGIN.getBytes(StandardCharsets.ISO_8859_1), TestAudio.concat(frames.subList(0, 10))));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived(server) == 9);
            assertThat(WebClient.get(server.url("/admin.cgi?mode=updinfo&pass=" + TestServer.SOURCE_PASSWORD
                    + "&song=Rock%20%26%20Roll%20%3CLive%3E")).statusCode()).isEqualTo(200);
            listener.send("GET " + MOUNT + " HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> mount(server).stats().currentListeners() == 1);
            HttpResponse<String> status = WebClient.get(server.url("/7.html"));
            assertThat(status.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(status.body()).isEqualTo(page.formatted("1,1,1,100,1,128,Rock &amp; Roll &lt;Live&gt;"));
        }
        // Without a SHOUTcast mount, /7.html is a mount path like any other: there is no such mount.
        try (TestServer server = TestServer.start()) {
            assertThat(WebClient.get(server.url("/7.html")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void optionsStarIsAnsweredAndTheConnectionKept() {
        try (TestServer server = TestServer.start(); RawClient client = RawClient.connect(server.port())) {
            client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\n\r\n");
            RawClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Allow")).contains("SOURCE", "PUT");
            client.readExactly(Integer.parseInt(head.header("Content-Length")));
            client.send("OPTIONS /live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(200);
        }
    }

    @Test
    void ezstreamThroughLibshoutsIcyProtocolWithItsTitles() throws IOException {
        Path music = Ffmpeg.tone(dir.resolve("SC Artist - SC Song.mp3"), 20, 128, 550);
        try (TestServer server = startOnAPortPair()) {
            Path config = Files.writeString(dir.resolve("ezstream-icy.xml"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ezstream>
                      <servers><server><protocol>ICY</protocol><hostname>127.0.0.1</hostname><port>%d</port>
                        <password>%s</password></server></servers>
                      <streams><stream><mountpoint>/ignored</mountpoint><format>MP3</format>
                        <stream_name>EZ SC</stream_name><stream_bitrate>128</stream_bitrate></stream></streams>
                      <intakes><intake><filename>%s</filename><stream_once>no</stream_once></intake></intakes>
                    </ezstream>
                    """.formatted(server.port(), TestServer.SOURCE_PASSWORD, music));
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            try (Programs.Running ezstream = Programs.start(dir, List.of("ezstream", "-c", config.toString()))) {
                await("ezstream on air").atMost(ENCODER_START).until(() -> server.context().mounts().find(MOUNT) != null
                        && server.context().mounts().find(MOUNT).format() != null);
                assertThat(server.context().mounts().find(MOUNT).info().name()).isEqualTo("EZ SC");
                assertIcyListenerGetsCleanAudioAndTitle(server, "SC Artist - SC Song");
            }
        }
    }

    @Test
    void liquidsoapsOutputShoutcast() throws IOException {
        try (TestServer server = startOnAPortPair()) {
            Path script = Files.writeString(dir.resolve("shoutcast.liq"), """
                    settings.init.allow_root.set(true)
                    settings.log.stdout.set(true)
                    output.shoutcast(%%mp3(bitrate=128), host="127.0.0.1", port=%d, password="%s", name="LS SC",
                                     genre="Jazz", fallible=true, sine(440.))
                    """.formatted(server.port(), TestServer.SOURCE_PASSWORD));
            try (Programs.Running liquidsoap = Programs.start(dir, List.of("liquidsoap", script.toString()))) {
                await("liquidsoap on air").atMost(ENCODER_START).until(() -> server.context().mounts().find(MOUNT) != null
                        && server.context().mounts().find(MOUNT).format() != null);
                assertThat(server.context().mounts().find(MOUNT).info().name()).isEqualTo("LS SC");
                assertThat(server.context().mounts().find(MOUNT).info().genre()).isEqualTo("Jazz");
                assertIcyListenerGetsCleanAudioAndTitle(server, null);
            }
        }
    }

    @Test
    void buttInShoutcastModeWithItsTitleFromASongFileAndItsListenerCount() throws IOException {
        String title = "Bütt SC Artist - Fïle Song";
        Path songFile = Files.writeString(dir.resolve("butt-song.txt"), title + "\n");
        Station station = new Station("Butt SC", "Jazz", "", "http://butt-sc.example/");
        try (TestServer server = startOnAPortPair();
             Butt butt = Butt.shoutcast(dir, server.port(), TestServer.SOURCE_PASSWORD, station, songFile)) {
            butt.connect();
            await("butt on air").atMost(ENCODER_START).until(() -> server.context().mounts().find(MOUNT) != null
                    && server.context().mounts().find(MOUNT).format() != null);
            assertThat(mount(server).info().name()).isEqualTo("Butt SC");
            assertThat(mount(server).info().genre()).isEqualTo("Jazz");
            assertThat(mount(server).info().url()).isEqualTo("http://butt-sc.example/");
            // butt reads the song file when it connects and sends its first line through /admin.cgi.
            assertIcyListenerGetsCleanAudioAndTitle(server, title);
            try (RawClient listener = RawClient.connect(server.port())) {
                listener.send("GET " + MOUNT + " HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                try (Capture capture = Capture.of(listener)) {
                    // butt shows how many listen, read from a SHOUTcast v1 server's /7.html every 3 s: this listener.
                    butt.awaitStatus("listeners", "1", Duration.ofSeconds(20));
                }
            }
            assertThat(mount(server).stats().resyncDropped()).as("butt streams whole frames").isZero();
        }
    }

    /** Real clients find the SHOUTcast port as the HTTP port + 1, so both must be free. */
    private static TestServer startOnAPortPair() {
        Exception lastFailure = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return TestServer.start(TestServer.config().withPort(FreePorts.pick()).withShoutcastMount(MOUNT));
            } catch (Exception portTaken) {
                // The port above the free one was taken (a BindException); the server released what it had bound.
                lastFailure = portTaken;
            }
        }
        throw new IllegalStateException("no free pair of ports in 5 attempts", lastFailure);
    }

    private void assertIcyListenerGetsCleanAudioAndTitle(TestServer server, String title) throws IOException {
        try (RawClient listener = RawClient.connect(server.port())) {
            listener.send("GET " + MOUNT + " HTTP/1.1\r\nHost: x\r\nIcy-MetaData: 1\r\n\r\n");
            RawClient.Head head = listener.readHead();
            assertThat(head.status()).isEqualTo(200);
            int metaint = Integer.parseInt(head.header("icy-metaint"));
            try (Capture capture = Capture.of(listener)) {
                // The join burst alone fills the first blocks, and libshout sends the title in a request of its own,
                // which may come after the listener joined: the title must reach the listener in a later block.
                await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > 4L * (metaint + 100)
                        && (title == null || IcyDemux.titles(capture.data(), metaint).stream().anyMatch(t -> t.contains(title))));
                List<String> titles = new ArrayList<>();
                byte[] audio = IcyDemux.audio(capture.data(), metaint, titles);
                if (title != null) {
                    assertThat(titles).anyMatch(t -> t.contains(title));
                }
                assertThat(FrameChain.assertChain(audio, true)).isGreaterThan(100);
                Path received = Files.write(dir.resolve("sc-" + System.nanoTime() + ".mp3"), FrameChain.wholeFrames(audio));
                assertThat(Ffmpeg.decodeErrors(received)).as("ffmpeg decode errors").isEmpty();
                assertThat(Mpg123.decodeProblems(received)).as("mpg123 decode problems").isEmpty();
            }
        }
    }

    private static long framesReceived(TestServer server) {
        Mount mount = mount(server);
        return mount == null ? -1 : mount.stats().framesReceived();
    }

    private static Mount mount(TestServer server) {
        return server.context().mounts().find(MOUNT);
    }

    private static byte[] concat(byte[] head, byte[] audio) {
        byte[] all = new byte[head.length + audio.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(audio, 0, all, head.length, audio.length);
        return all;
    }
}
