package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.server.ReloadOutcome;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FormServer;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/**
 * Reloading the config file while the server runs ({@code /admin/reloadconfig}, and SIGHUP through the same
 * {@link RelaycastServer#reloadConfig()}), as Icecast does: the server is started from a real file the way
 * {@code relaycast --config} starts it, and sources and listeners are real connections.
 */
class ConfigReloadTest {

    private static final String ADMIN = WebClient.basic("admin", "adm-pw");
    /**
     * The server's part of every file here: the test's address and logins, and a source timeout far beyond the test's
     * waits: the sources here send a little audio or none, then must stay on air while a loaded machine runs ffmpeg, hooks
     * and reloads. The closes the tests make are what ends them.
     */
    private static final String SERVER = """
            bind: 127.0.0.1
            port: 0
            source-password: server-pw
            admin-password: adm-pw
            source-timeout: 60
            """;
    private static final String CONFIG = SERVER + """
            mounts:
              /live:
                password: %s
            """;

    @TempDir
    Path dir;

    private Path file;
    private RelaycastServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNewSourcePasswordAppliesAtOnceAndTheConnectedSourceAndListenerPlayOn() throws Exception {
        start(CONFIG.formatted("old-pw"));
        Mount live = server.context().mounts().find("/live");
        byte[] before = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        byte[] after = TestAudio.concat(TestAudio.toneFrames(dir, 4));
        LiveSource onAir;
        try (RawClient source = source("/live", "old-pw")) {
            onAir = live.liveSource();
            source.send(before);
            // All of it but the last frame, whose end the server knows when the next one starts.
            await().until(() -> live.stats().bytesReceived() >= before.length - 1024);
            try (Capture listener = Capture.of(listen("/live"))) {
                await().until(() -> listener.bytes() > 0);

                write(CONFIG.formatted("new-pw"));
                Document reply = XmlDocs.parse(reloadConfig().body());

                assertThat(XmlDocs.text(reply, "/iceresponse/message")).isEqualTo("Config reloaded");
                assertThat(XmlDocs.text(reply, "/iceresponse/return")).isEqualTo("1");
                long sentBeforeMoreAudio = live.stats().bytesSent();
                source.send(after);
                await().alias("the listener hears the audio the source sent after the reload")
                        .until(() -> listener.bytes() >= sentBeforeMoreAudio + after.length / 2);
                assertThat(FrameChain.assertChain(listener.data(), true)).isPositive();
                assertThat(listener.ended()).isFalse();
                assertThat(live.stats().currentListeners()).isEqualTo(1);

                assertThat(sourceStatus("/live", "old-pw")).as("the old password is refused").isEqualTo(401);
                feed(source, live, before);
                assertThat(sourceStatus("/live", "new-pw")).as("the new one gets past the login to the busy mount")
                        .isEqualTo(403);
                assertThat(live.liveSource()).as("the source is still the one on air").isSameAs(onAir);
            }
        }
        await().until(() -> live.liveSource() == null);
        try (RawClient newSource = source("/live", "new-pw")) {
            assertThat(live.liveSource()).isNotNull().isNotSameAs(onAir);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mounts: [unclosed",
        "mounts:\n  /live:\n    pasword: typo\n",
        "mounts:\n  /live:\n    password: new-pw\n    max-listeners: lots\n",
        "burst-size: 1m\nqueue-size: 512k\nmounts:\n  /live:\n    password: new-pw\n",
        "no-such-setting: 1\n",
        "",
        "# a file caught half-written, or emptied: nothing but comments\n"})
    void anInvalidFileIsRejectedAndTheServerKeepsItsConfig(String broken) throws Exception {
        start(CONFIG.formatted("old-pw"));
        write(broken);

        HttpResponse<String> response = reloadConfig();
        Document reply = XmlDocs.parse(response.body());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(XmlDocs.text(reply, "/iceresponse/return")).isEqualTo("0");
        assertThat(XmlDocs.text(reply, "/iceresponse/message")).startsWith("Config not reloaded, still running on the old one: ");
        assertThat(sourceStatus("/live", "new-pw")).isEqualTo(401);
        try (RawClient oldPasswordStillWorks = source("/live", "old-pw")) {
            assertThat(server.context().mounts().find("/live").liveSource()).isNotNull();
        }
    }

    @Test
    void theJsonVariantAnswersToo() throws Exception {
        start(CONFIG.formatted("old-pw"));
        write(CONFIG.formatted("new-pw"));

        HttpResponse<String> response = WebClient.get(url("/admin/reloadconfig.json"), "Authorization", ADMIN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"message\":\"Config reloaded\"", "\"return\":1");
    }

    @Test
    void onlyTheAdminMayReload() throws Exception {
        start(CONFIG.formatted("old-pw"));

        assertThat(WebClient.get(url("/admin/reloadconfig")).statusCode()).isEqualTo(401);
        assertThat(WebClient.get(url("/admin/reloadconfig?mount=/live"), "Authorization",
                WebClient.basic("source", "old-pw")).statusCode()).as("a mount's source may not").isEqualTo(401);
    }

    @Test
    void theStationsHttpHeadersGoOnEveryAnswerAndAMountsOnItsListenersAndAReloadChangesThem() throws Exception {
        start(SERVER + """
                http-headers:
                  X-Robots-Tag: noindex
                  Access-Control-Allow-Origin: https://player.example.org
                mounts:
                  /live:
                    password: live-pw
                    http-headers:
                      X-Stream: night show
                      X-Robots-Tag: none
                """);
        try (RawClient source = source("/live", "live-pw"); RawClient listener = RawClient.connect(server.port())) {
            listener.send("GET /live HTTP/1.0\r\n\r\n");
            List<String> head = listener.headLines();
            assertThat(head.get(0)).isEqualTo("HTTP/1.0 200 OK");
            assertThat(head).contains("X-Stream: night show", "X-Robots-Tag: none", "Content-Type: audio/mpeg",
                    "Access-Control-Allow-Origin: https://player.example.org");
            assertThat(head).as("each replaced, never doubled").filteredOn(line -> line.startsWith("X-Robots-Tag:")
                    || line.startsWith("Access-Control-Allow-Origin:")).hasSize(2);
        }
        HttpResponse<String> status = WebClient.get(url("/status-json.xsl"));
        assertThat(status.headers().allValues("X-Robots-Tag")).containsExactly("noindex");
        assertThat(status.headers().allValues("Access-Control-Allow-Origin")).containsExactly("https://player.example.org");
        assertThat(status.headers().firstValue("X-Stream")).as("the mount's go on its listeners only").isEmpty();
        assertThat(WebClient.get(url("/nowhere")).headers().firstValue("X-Robots-Tag")).hasValue("noindex");

        write(SERVER + """
                http-headers:
                  - "Cache-Control: max-age=5"
                mounts:
                  /live:
                    password: live-pw
                """);
        assertThat(server.reloadConfig().reloaded()).isTrue();
        HttpResponse<String> after = WebClient.get(url("/status-json.xsl"));
        assertThat(after.headers().firstValue("Cache-Control")).hasValue("max-age=5");
        assertThat(after.headers().firstValue("X-Robots-Tag")).isEmpty();
        assertThat(after.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
        try (RawClient source = source("/live", "live-pw"); RawClient listener = RawClient.connect(server.port())) {
            listener.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(listener.headLines()).contains("Cache-Control: max-age=5").doesNotContain("X-Stream: night show");
        }
    }

    /** A header given a status (Icecast's {@code status} attribute) goes only on answers of that status. */
    @Test
    void aHeaderGivenAStatusGoesOnlyOnAnswersOfThatStatus() throws Exception {
        start(SERVER + """
                http-headers:
                  - "X-Robots-Tag: noindex"
                  - {name: X-Robots-Tag, value: none, status: 404}
                  - {name: X-Listening, value: "yes", status: 200}
                mounts:
                  /live:
                    password: live-pw
                    http-headers:
                      X-Stream: {value: night show, status: 200}
                      X-Never: {value: x, status: 404}
                """);
        try (RawClient source = source("/live", "live-pw"); RawClient listener = RawClient.connect(server.port())) {
            listener.send("GET /live HTTP/1.0\r\n\r\n");
            List<String> head = listener.headLines();
            assertThat(head).contains("X-Robots-Tag: noindex", "X-Listening: yes", "X-Stream: night show")
                    .noneMatch(line -> line.startsWith("X-Never:") || line.equals("X-Robots-Tag: none"));
        }
        HttpResponse<String> ok = WebClient.get(url("/status-json.xsl"));
        assertThat(ok.headers().allValues("X-Robots-Tag")).containsExactly("noindex");
        assertThat(ok.headers().firstValue("X-Listening")).hasValue("yes");
        HttpResponse<String> missing = WebClient.get(url("/nowhere"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().allValues("X-Robots-Tag")).as("its own for a 404").containsExactly("none");
        assertThat(missing.headers().firstValue("X-Listening")).isEmpty();
        HttpResponse<String> unauthorized = WebClient.get(url("/admin/stats"));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().allValues("X-Robots-Tag")).containsExactly("noindex");
        assertThat(unauthorized.headers().firstValue("X-Listening")).isEmpty();

        write(SERVER + "http-headers:\n  - {name: X-A, value: a, status: 999}\n");
        assertThat(server.reloadConfig().message())
                .contains("the status of X-A must be an HTTP status code (100 to 599), not 999");
        write(SERVER + "http-headers:\n  X-A: {value: a, status: often}\n");
        assertThat(server.reloadConfig().message()).contains("'http-headers.X-A.status' must be an HTTP status code");
        write(SERVER + "http-headers:\n  X-A: {value: a, statsu: 404}\n");
        assertThat(server.reloadConfig().message()).contains("'http-headers.X-A' has value and status, not statsu");
        write(SERVER + "http-headers:\n  - \"404 X-A: a\"\n  - {name: x-a, value: b, status: 404}\n");
        assertThat(server.reloadConfig().message()).contains("http-headers: x-a is given twice for status 404");
        assertThat(WebClient.get(url("/nowhere")).headers().allValues("X-Robots-Tag")).as("the refused files changed nothing")
                .containsExactly("none");
    }

    /**
     * An alias given a port (and a bind address) holds only on the server's port of that number (and address), as
     * Icecast's {@code <alias port= bind-address=>}: the first alias in order that holds is taken.
     */
    @Test
    void anAliasGivenAPortHoldsOnThatPortOnly() throws Exception {
        String ports = SERVER + "extra-port: 127.0.0.1:0\nmounts:\n  /live:\n"
                + "    password: live-pw\n";
        start(ports);
        int extra = server.extraPorts().get(0);
        String aliases = """
                aliases:
                  - {source: /, destination: /live, port: %d, bind-address: %s}
                  - {source: /, destination: /status-json.xsl}
                """;
        write(ports + aliases.formatted(extra, "127.0.0.1"));
        assertThat(server.reloadConfig().reloaded()).isTrue();
        try (RawClient source = source("/live", "live-pw"); RawClient listener = RawClient.connect(extra)) {
            listener.send("GET / HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().header("Content-Type")).as("on its port").isEqualTo("audio/mpeg");
        }
        assertThat(contentTypeAt(server.port(), "/")).as("on the other, the next alias").startsWith("application/json");

        write(ports + aliases.formatted(extra, "127.0.0.2"));
        assertThat(server.reloadConfig().reloaded()).isTrue();
        assertThat(contentTypeAt(extra, "/")).as("the port is not on that address").startsWith("application/json");
        write(ports + "aliases:\n  /: {destination: /live, bind-address: 127.0.0.1}\n");
        assertThat(server.reloadConfig().message()).contains("'aliases./' has a bind-address and no port");
        write(ports + "aliases:\n  /: {destination: /live, prot: 8001}\n");
        assertThat(server.reloadConfig().message()).contains("'aliases./' has destination, port and bind-address, not prot");
        write(ports + "aliases:\n  - \"8001 /=/live\"\n  - {source: /, destination: /a, port: 8001}\n");
        assertThat(server.reloadConfig().message()).contains("alias: / is given twice on 8001");
    }

    /**
     * The location and contact of the status (Icecast's {@code <location>} and {@code <admin>}) are the station's, in the
     * status JSON, the admin stats and the server page; Icecast's defaults without them, and a reload changes them.
     */
    @Test
    void theStatusShowsTheStationsLocationAndContactAndAReloadChangesThem() throws Exception {
        start(SERVER + """
                location: Dublin, Ireland
                admin-contact: ops@radio.example.org
                """);
        Document stats = XmlDocs.parse(WebClient.get(url("/admin/stats"), "Authorization", ADMIN).body());
        assertThat(XmlDocs.text(stats, "/icestats/location")).isEqualTo("Dublin, Ireland");
        assertThat(XmlDocs.text(stats, "/icestats/admin")).isEqualTo("ops@radio.example.org");
        assertThat(WebClient.get(url("/status-json.xsl")).body())
                .contains("\"admin\":\"ops@radio.example.org\"", "\"location\":\"Dublin, Ireland\"");
        assertThat(WebClient.get(url("/server_version.xsl")).body()).contains("<td>Dublin, Ireland</td>")
                .contains("<td>ops@radio.example.org</td>");

        write(SERVER + """
                location: Cork & Kerry
                """);
        assertThat(server.reloadConfig().reloaded()).isTrue();
        assertThat(WebClient.get(url("/status-json.xsl")).body())
                .contains("\"admin\":\"icemaster@localhost\"", "\"location\":\"Cork & Kerry\"");
        assertThat(WebClient.get(url("/server_version.xsl")).body()).as("escaped").contains("<td>Cork &amp; Kerry</td>");
        write(SERVER);
        assertThat(server.reloadConfig().reloaded()).isTrue();
        assertThat(XmlDocs.text(XmlDocs.parse(WebClient.get(url("/admin/stats"), "Authorization", ADMIN).body()),
                "/icestats/location")).as("Icecast's default").isEqualTo("Earth");
    }

    @Test
    void headersTheServerMustSetItselfAreRefusedInTheFile() throws Exception {
        start(SERVER);
        write(SERVER + "http-headers:\n  Content-Length: 0\n");
        assertThat(server.reloadConfig()).satisfies(outcome -> assertThat(outcome.reloaded()).isFalse())
                .extracting(ReloadOutcome::message).asString().contains("http-headers: Content-Length is the server's to set");
        write(SERVER + "mounts:\n  /live:\n    http-headers:\n      icy-metaint: 1\n");
        assertThat(server.reloadConfig().message()).contains("mounts./live").contains("icy-metaint is the server's to set");
        write(SERVER + "http-headers:\n  \"Bad Name\": x\n");
        assertThat(server.reloadConfig().message()).contains("http-headers: not a header name: Bad Name");
    }

    @Test
    void mountsAddedAndRemovedTakeEffectWithoutDroppingAnybody() throws Exception {
        start(SERVER + """
                mounts:
                  /live:
                    password: live-pw
                    max-listeners: 1
                    stream-name: Live Radio
                """);
        Mount live = server.context().mounts().find("/live");
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        try (RawClient source = source("/live", "live-pw");
             RawClient first = listen("/live")) {
            assertThat(listenStatus("/live")).as("full").isEqualTo(503);
            assertThat(live.info().name()).isEqualTo("Live Radio");
            write(SERVER + """
                    mounts:
                      /news:
                        password: news-pw
                        max-listeners: 0
                        playlist: music
                    """);
            Ffmpeg.tone(Files.createDirectories(dir.resolve("music")).resolve("jingle.mp3"), 2, 128, 440);

            ReloadOutcome outcome = server.reloadConfig();

            assertThat(outcome.reloaded()).isTrue();
            assertThat(live.liveSource()).as("the removed mount keeps its source").isNotNull();
            assertThat(first.closedByServer(200)).as("and its listener").isFalse();
            assertThat(live.info().name()).as("its name came from the file").isNotEqualTo("Live Radio");
            try (RawClient second = listen("/live")) {
                await().alias("no limit of its own any more").until(() -> live.stats().currentListeners() == 2);
            }
            assertThat(sourceStatus("/live", "live-pw")).as("its password went with it").isEqualTo(401);
            feed(source, live, audio);
            assertThat(sourceStatus("/live", "server-pw")).as("the server's applies: past the login").isEqualTo(403);
            Mount news = server.context().mounts().find("/news");
            assertThat(news).as("the new mount exists at once, as at startup").isNotNull();
            assertThat(news.isPersistent()).isTrue();
            await().alias("it plays its playlist until a source comes, as at startup")
                    .until(() -> news.onAir() == OnAir.PLAYLIST);
            assertThat(news.maxListeners()).isZero();
            assertThat(sourceStatus("/news", "server-pw")).isEqualTo(401);
            try (RawClient newsSource = source("/news", "news-pw")) {
                assertThat(news.liveSource()).isNotNull();
            }
        }
    }

    @Test
    @SuppressWarnings("try")
    void aFallbackMountChangedToOneNotThereYetIsRelayedOnceItComesAndTheOldOneNoMore() throws Exception {
        Ffmpeg.tone(Files.createDirectories(dir.resolve("music")).resolve("jingle.mp3"), 2, 128, 440);
        String backup = """
                  /backup:
                    playlist: music
                """;
        start(SERVER + "mounts:\n  /main:\n    fallback-mount: /backup\n" + backup);
        Mount main = server.context().mounts().find("/main");
        await().until(() -> main.onAir() == OnAir.FALLBACK_MOUNT);
        write(SERVER + "mounts:\n  /main:\n    fallback-mount: /later\n" + backup);

        assertThat(server.reloadConfig().reloaded()).isTrue();

        await().alias("/backup is no longer relayed").until(() -> main.onAir() == OnAir.SILENCE);
        String later = "icecast://source:server-pw@127.0.0.1:" + server.port() + "/later";
        try (Programs.Running source = Ffmpeg.liveSource(dir.resolve("logs"), later, 20, 660)) {
            await().alias("/later is, once a source makes it").until(() -> main.onAir() == OnAir.FALLBACK_MOUNT);
        }
    }

    @Test
    void aFallbackMountNotThereYetAndThenRemovedIsNoLongerNamed() throws Exception {
        start(SERVER + "mounts:\n  /main:\n    fallback-mount: /later\n");
        assertThat(listedFallback("/main")).isEqualTo("/later");
        write(SERVER + "mounts:\n  /main:\n");

        assertThat(server.reloadConfig().reloaded()).isTrue();

        assertThat(listedFallback("/main")).isEmpty();
    }

    private String listedFallback(String mount) {
        Document list = XmlDocs.parse(WebClient.get(url("/admin/listmounts"), "Authorization", ADMIN).body());
        return XmlDocs.text(list, "/icestats/source[@mount='" + mount + "']/fallback");
    }

    @Test
    void settingsBoundAtStartupKeepTheirValueAndTheReplySaysTheyNeedARestart() throws Exception {
        start(CONFIG.formatted("old-pw"));
        int port = server.port();
        write(CONFIG.replace("port: 0", "port: 8765").replace("source-password: server-pw",
                "source-password: server-pw\nqueue-size: 1m\nmax-listeners: 7").formatted("new-pw"));

        Document reply = XmlDocs.parse(reloadConfig().body());

        assertThat(XmlDocs.text(reply, "/iceresponse/return")).isEqualTo("1");
        assertThat(XmlDocs.text(reply, "/iceresponse/message"))
                .isEqualTo("Config reloaded; needs a restart: port, queue-size");
        assertThat(server.context().config().port()).isZero();
        assertThat(server.context().config().queueSize()).isEqualTo(512 * 1024);
        assertThat(server.context().config().maxListeners()).as("a live setting beside them applies").isEqualTo(7);
        assertThat(server.port()).isEqualTo(port);
        assertThat(sourceStatus("/live", "new-pw")).isEqualTo(100);
    }

    @Test
    void conformGoesOnAndOffWithoutARestart() throws Exception {
        start(CONFIG.formatted("live-pw"));
        Mount live = server.context().mounts().find("/live");
        assertThat(live.conformingWith()).isNull();
        write(CONFIG.formatted("live-pw") + "    conform: true\n");

        assertThat(server.reloadConfig().reloaded()).isTrue();
        assertThat(live.conformingWith()).as("re-encodes from the next source on").isEqualTo("ffmpeg");
        write(CONFIG.formatted("live-pw"));
        assertThat(server.reloadConfig().reloaded()).isTrue();
        assertThat(live.conformingWith()).isNull();
    }

    @Test
    void aServerStartedWithoutAConfigFileHasNothingToReload() {
        try (TestServer plain = TestServer.start()) {
            HttpResponse<String> response = WebClient.get(plain.url("/admin/reloadconfig"), "Authorization",
                    WebClient.admin());
            Document reply = XmlDocs.parse(response.body());

            assertThat(XmlDocs.text(reply, "/iceresponse/return")).isEqualTo("0");
            assertThat(XmlDocs.text(reply, "/iceresponse/message")).contains("without a config file");
        }
    }

    @Test
    void mountsNoFileNamesTakeTheirPatternsNewSettingsAtOnce() throws Exception {
        String defaults = SERVER + """
                mount-defaults:
                  "/dj-*":
                    password: %s
                    max-listeners: %d
                """;
        start(defaults.formatted("old-pw", 1));
        try (RawClient dj = source("/dj-anna", "old-pw")) {
            dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
            try (RawClient first = listen("/dj-anna")) {
                assertThat(listenStatus("/dj-anna")).isEqualTo(503);
                write(defaults.formatted("new-pw", 2));
                assertThat(XmlDocs.text(XmlDocs.parse(reloadConfig().body()), "/iceresponse/return")).isEqualTo("1");
                try (RawClient second = listen("/dj-anna")) {
                    assertThat(sourceStatus("/dj-bob", "old-pw")).isEqualTo(401);
                    assertThat(sourceStatus("/dj-bob", "new-pw")).isEqualTo(100);
                    assertThat(server.context().mounts().find("/dj-anna").liveSource()).as("the DJ on air stays")
                            .isNotNull();
                }
            }
        }
    }

    /**
     * A reload changes the programs a source's coming and going runs and the backend told of it, at once, as Icecast
     * looks them up when a source comes: on a configured mount, and on a mount a pattern's settings made before the reload
     * (kept by its listener while its DJ is away).
     */
    @Test
    void programsAndBackendNoticesChangeWithAReloadOnEveryMount() throws Exception {
        Path events = dir.resolve("events.txt");
        Path before = script("before.sh", "echo \"before $1\" >> " + events);
        Path after = script("after.sh", "echo \"after $1\" >> " + events);
        String config = SERVER + """
                mount-defaults:
                  "/dj-*":
                    on-connect: %1$s
                mounts:
                  /live:
                    on-connect: %1$s
                """;
        try (FormServer backend = FormServer.start(form -> Map.of())) {
            start(config.formatted(before));
            byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
            RawClient stays;
            try (RawClient live = source("/live", "server-pw"); RawClient dj = source("/dj-anna", "server-pw")) {
                live.send(audio);
                dj.send(audio);
                await().until(() -> lines(events).containsAll(List.of("before /live", "before /dj-anna")));
                stays = listen("/dj-anna");
            }
            try (stays) {
                await().until(() -> server.context().mounts().find("/live").liveSource() == null
                        && server.context().mounts().find("/dj-anna").liveSource() == null);
                write(config.formatted(after) + "    mount-add-url: " + backend.url("/mount-add") + "\n");
                assertThat(XmlDocs.text(XmlDocs.parse(reloadConfig().body()), "/iceresponse/message"))
                        .as("nothing to restart for").isEqualTo("Config reloaded");
                try (RawClient live = source("/live", "server-pw"); RawClient dj = source("/dj-anna", "server-pw")) {
                    live.send(audio);
                    dj.send(audio);
                    await().until(() -> lines(events).containsAll(List.of("after /live", "after /dj-anna")));
                    await().until(() -> backend.posts().stream().anyMatch(post -> "mount_add".equals(post.get("action"))
                            && "/live".equals(post.get("mount"))));
                }
            }
            assertThat(lines(events)).hasSize(4);
        }
    }

    private Path script(String name, String line) throws IOException {
        Path script = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + line + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Starts the server as {@code relaycast --config FILE} does, reloading from that file. */
    private void start(String yaml) throws Exception {
        file = dir.resolve("relaycast.yaml");
        write(yaml);
        server = FileConfiguredServer.start(file);
    }

    private void write(String yaml) throws IOException {
        Files.writeString(file, yaml);
    }

    private HttpResponse<String> reloadConfig() {
        return WebClient.get(url("/admin/reloadconfig"), "Authorization", ADMIN);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** A source on air on {@code mount}, logged in with {@code password}. */
    /** The Content-Type of the answer to a GET on the server's port {@code port}: the head only, a stream never ends. */
    private static String contentTypeAt(int port, String path) {
        try (RawClient client = RawClient.connect(port)) {
            client.send("GET " + path + " HTTP/1.0\r\n\r\n");
            return client.readHead().header("Content-Type");
        }
    }

    private RawClient source(String mount, String password) {
        return RawSource.onAir(server.port(), mount, password);
    }

    /**
     * Sends {@code audio} from {@code source} and waits for {@code mount} to have read it: a login to a mount whose source
     * has been silent for 3 s takes the mount over (the old source taken for a dead connection) instead of being refused as
     * busy, and the waits before such a login can take that long on a loaded machine.
     */
    private static void feed(RawClient source, Mount mount, byte[] audio) {
        long received = mount.stats().bytesReceived();
        source.send(audio);
        // All of it but the last frame, whose end the server knows when the next one starts.
        await("the source's audio read").until(() -> mount.stats().bytesReceived() >= received + audio.length - 1024);
    }

    private int sourceStatus(String mount, String password) {
        return RawSource.loginStatus(server.port(), mount, password);
    }

    private RawClient listen(String mount) {
        return RawClient.listening(server.port(), mount);
    }

    private int listenStatus(String mount) {
        return RawClient.listenStatus(server.port(), mount);
    }
}
