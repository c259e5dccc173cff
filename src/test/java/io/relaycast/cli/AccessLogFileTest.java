package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.ServerFiles;
import io.relaycast.http.AccessLog;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.LogLines;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code access-log}, Icecast's {@code <accesslog>}: a server run from a real config file, listeners, a DJ, a file
 * download and a relay on real connections; the file is read as a log analyser would read it.
 */
class AccessLogFileTest {

    /** The combined log format plus the seconds connected: {@code host - user [time] "request" status bytes "ref" "ua" s}. */
    private static final String LINE = "127\\.0\\.0\\.1 - %s \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] "
            + "\"%s\" %d \\d+ \"%s\" \"%s\" \\d+";
    private static final String SERVER = """
            bind: 127.0.0.1
            port: 0
            source-password: server-pw
            admin-password: adm-pw
            mounts:
              /live:
                playlist: music
            """;

    @TempDir
    Path dir;

    private RelaycastServer server;

    /** /live plays a tone when no DJ is on. */
    @BeforeEach
    void music() throws IOException {
        Ffmpeg.tone(Files.createDirectories(dir.resolve("music")).resolve("tone.mp3"), 10, 128, 440);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listenersSourcesAndDownloadsGoToTheFileInTheCombinedFormatAndNotToStandardOutput() throws Exception {
        Path log = Files.createDirectories(dir.resolve("logs")).resolve("access.log");
        Files.writeString(Files.createDirectories(dir.resolve("www")).resolve("logo.txt"), "logo\n");
        try (LoggedWarnings standardOutput = LoggedWarnings.of("relaycast.access")) {
            start(SERVER + "access-log: logs/access.log\nweb-root: www\n");
            try (RawClient listener = RawClient.connect(server.port())) {
                listener.send("GET /live HTTP/1.0\r\nUser-Agent: mpv/0.35\r\nReferer: http://example.org/radio\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                assertThat(listener.readExactly(4_000)).hasSize(4_000);
                listener.resetOnClose();
            }
            try (RawClient download = RawClient.connect(server.port())) {
                download.send("GET /logo.txt HTTP/1.0\r\n\r\n");
                assertThat(download.readHead().status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(log).size() == 2);
            try (RawClient dj = RawSource.onAir(server.port(), "/live", "server-pw")) {
                dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/live").liveSource() != null);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(log).size() == 3);
            List<String> lines = LogLines.of(log);
            // Each written as its connection ends: the listener's when a write finds it gone, maybe after the download's.
            assertThat(lines).anyMatch(entry -> entry.matches(line("-", "GET /live HTTP/1.0", 200, "http://example.org/radio",
                    "mpv/0.35")));
            assertThat(lines).anyMatch(entry -> entry.matches(line("-", "GET /logo.txt HTTP/1.0", 200, "-", "-"))
                    && entry.contains("\" 200 5 \""));
            assertThat(lines.get(2)).as("the DJ's, who left last").matches(line("source", "PUT /live HTTP/1.1", 200, "-", "-"));
            assertThat(standardOutput.first(Level.INFO, "", "")).as("nothing on standard output").isNull();
        }
    }

    /** As Icecast logs every client: pages, and the refusals that tools like fail2ban watch for, with the user named. */
    @Test
    void pagesAndRefusalsAreLoggedTooEachAnswerOfAKeptConnectionOnALineOfItsOwn() throws Exception {
        Path log = dir.resolve("access.log");
        start(SERVER + "access-log: access.log\n");
        assertThat(RawSource.loginStatus(server.port(), "/live", "guess")).isEqualTo(401);
        assertThat(RawClient.listenStatus(server.port(), "/nowhere")).isEqualTo(404);
        try (RawClient browser = RawClient.connect(server.port())) {
            browser.send("GET /status-json.xsl HTTP/1.1\r\nHost: x\r\nUser-Agent: Firefox\r\n\r\n"
                    + "GET /admin/stats HTTP/1.1\r\nHost: x\r\nUser-Agent: Firefox\r\nAuthorization: "
                    + RawSource.basic("admin", "wrong") + "\r\n\r\n");
            RawClient.Head page = browser.readHead();
            assertThat(page.status()).isEqualTo(200);
            browser.readExactly(Integer.parseInt(page.header("content-length")));
            assertThat(browser.readHead().status()).isEqualTo(401);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(log).size() == 4);
        try (RawClient player = RawClient.connect(server.port())) {
            player.send("HEAD /live HTTP/1.0\r\nUser-Agent: Sonos\r\n\r\n");
            assertThat(player.readHead().status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(log).size() == 5);
        List<String> lines = LogLines.of(log);
        assertThat(lines.get(0)).matches(line("source", "PUT /live HTTP/1.1", 401, "-", "-"));
        assertThat(lines.get(1)).matches(line("-", "GET /nowhere HTTP/1.0", 404, "-", "-"));
        assertThat(lines.get(2)).matches(line("-", "GET /status-json.xsl HTTP/1.1", 200, "-", "Firefox"))
                .doesNotContain(" 200 0 ");
        assertThat(lines.get(3)).matches(line("admin", "GET /admin/stats HTTP/1.1", 401, "-", "Firefox"));
        assertThat(lines.get(4)).as("a player asking a mount's head only").matches(line("-", "HEAD /live HTTP/1.0", 200, "-",
                "Sonos")).contains(" 200 0 ");
    }

    @Test
    void aReloadOpensTheFileAgainSoALogRotatedByRenamingStartsAnew() throws Exception {
        Path log = dir.resolve("access.log");
        start(SERVER + "access-log: access.log\n");
        RawClient.listenBriefly(server.port(), "/live", "first");
        await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(log).size() == 1);

        Path rotated = Files.move(log, dir.resolve("access.log.1"));
        RawClient.listenBriefly(server.port(), "/live", "second");
        await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(rotated).size() == 2);
        assertThat(log).as("written to the open file until a reload").doesNotExist();

        assertThat(server.reloadConfig().reloaded()).isTrue();
        RawClient.listenBriefly(server.port(), "/live", "third");
        await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(log).size() == 1);
        assertThat(LogLines.of(log).get(0)).contains("\"third\"");
        assertThat(LogLines.of(rotated)).allMatch(line -> !line.contains("\"third\""));
    }

    /** logrotate sends SIGHUP whether or not there is a config file: --access-log alone is rotated as well. */
    @Test
    void aReloadWithoutAConfigFileStillOpensTheFileAgainAfterARotation() throws Exception {
        Path log = dir.resolve("access.log");
        ServerConfig config = TestServer.config().toBuilder().files(ServerFiles.NONE.withAccessLog(log)).build();
        try (TestServer commandLineOnly = TestServer.start(config)) {
            assertThat(RawClient.listenStatus(commandLineOnly.port(), "/first")).isEqualTo(404);
            await("the first line").until(() -> LogLines.of(log).size() == 1);
            Path rotated = Files.move(log, dir.resolve("access.log.1"));

            assertThat(commandLineOnly.server().reloadConfig().reloaded()).isFalse();
            assertThat(RawClient.listenStatus(commandLineOnly.port(), "/second")).isEqualTo(404);

            startedAnew(log, rotated, "GET /second");
        }
    }

    /** A config file saved halfway through an edit when logrotate runs: the reload is refused, the logs start anew. */
    @Test
    void aRejectedReloadStillOpensTheFileAgainAfterARotation() throws Exception {
        Path log = dir.resolve("access.log");
        start(SERVER + "access-log: access.log\n");
        RawClient.listenBriefly(server.port(), "/live", "first");
        await("the first line").until(() -> LogLines.of(log).size() == 1);
        Path rotated = Files.move(log, dir.resolve("access.log.1"));
        Files.writeString(dir.resolve("relaycast.yaml"), SERVER + "access-log: access.log\nport: [half-written\n");

        assertThat(server.reloadConfig().reloaded()).isFalse();
        RawClient.listenBriefly(server.port(), "/live", "second");

        startedAnew(log, rotated, "\"second\"");
    }

    /** The line that holds {@code text} is alone in a new file at {@code log}; nothing more went to {@code rotated}. */
    private static void startedAnew(Path log, Path rotated, String text) {
        await("the line after the reload, in a new file").until(() -> LogLines.of(log).size() == 1);
        assertThat(LogLines.of(log).get(0)).contains(text);
        assertThat(LogLines.of(rotated)).hasSize(1);
    }

    @Test
    void whileTheFileCannotBeWrittenItIsSaidOnceAndTheLinesGoToStandardOutput() throws Exception {
        Path log = dir.resolve("not-yet/access.log");
        try (LoggedWarnings warnings = LoggedWarnings.of(AccessLog.class);
             LoggedWarnings standardOutput = LoggedWarnings.of("relaycast.access")) {
            start(SERVER + "access-log: not-yet/access.log\n");
            RawClient.listenBriefly(server.port(), "/live", "kept-elsewhere");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> standardOutput.first(Level.INFO, "127.0.0.1", "\"kept-elsewhere\"") != null);
            assertThat(warnings.first("access log", "cannot be written")).contains(log.toString())
                    .contains("NoSuchFileException");

            Files.createDirectories(log.getParent());
            RawClient.listenBriefly(server.port(), "/live", "in-the-file");
            await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(log).size() == 1);
            assertThat(LogLines.of(log).get(0)).contains("\"in-the-file\"");
            assertThat(standardOutput.first(Level.INFO, "127.0.0.1", "\"in-the-file\"")).isNull();
            assertThat(warnings.first(Level.INFO, "access log", "written again")).isNotNull();
        }
    }

    @Test
    void aRelaysConnectionToItsOriginIsLoggedInTheRelaysFile() throws Exception {
        Path log = dir.resolve("access.log");
        try (TestServer origin = TestServer.start();
             RawClient dj = RawSource.open(origin.port(), "/live")) {
            dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 2)));
            start("""
                    bind: 127.0.0.1
                    port: 0
                    source-password: server-pw
                    access-log: access.log
                    mounts:
                      /radio:
                        relay: %s
                    """.formatted(origin.url("/live")));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/radio").liveSource() != null);
            server.close();
            server = null;
        }
        assertThat(LogLines.of(log)).isNotEmpty().allMatch(entry -> entry.matches(line("source", "RELAY "
                + Pattern.quote("http://127.0.0.1:") + "\\d+/live", 200, "-", ".*")));
    }

    private void start(String config) throws Exception {
        server = FileConfiguredServer.start(Files.writeString(dir.resolve("relaycast.yaml"), config));
    }

    private static String line(String user, String request, int status, String referer, String agent) {
        return LINE.formatted(user, request, status, referer, agent);
    }
}
