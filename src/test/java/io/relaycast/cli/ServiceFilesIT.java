package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.testing.FreePorts;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files for running relaycast as a service, {@code scripts/relaycast.service} and {@code scripts/relaycast.logrotate}:
 * systemd finds nothing to warn about in the unit, and its commands, run as systemd runs them against the packaged jar,
 * start the server and reload it, which is what the real logrotate's rotation of the playlist, access and error logs relies
 * on.
 */
class ServiceFilesIT {

    private static final Path UNIT = Path.of("scripts/relaycast.service");
    private static final Path LOGROTATE = Path.of("scripts/relaycast.logrotate");

    @TempDir
    Path dir;

    @Test
    void systemdFindsNothingToWarnAboutInTheUnit() {
        Programs.Result verify = Programs.run(dir, Duration.ofSeconds(60),
                List.of("systemd-analyze", "verify", UNIT.toAbsolutePath().toString())).assertSuccess();
        assertThat(verify.stdoutText() + verify.stderrText()).as("systemd-analyze's warnings").isBlank();
    }

    @Test
    void theUnitsCommandsRunAndReloadTheServerSoLogrotateRotatesThePlaylistAccessAndErrorLogs() throws Exception {
        int port = FreePorts.pick();
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path playlistLog = logs.resolve("playlist.log");
        Path accessLog = logs.resolve("access.log");
        Path errorLog = logs.resolve("error.log");
        Path config = Files.writeString(dir.resolve("relaycast.yaml"), """
                bind: 127.0.0.1
                port: %d
                source-password: svc-pw
                admin-password: svc-admin
                playlist-log: %s
                access-log: %s
                error-log: %s
                mounts:
                  /live: {}
                """.formatted(port, playlistLog, accessLog, errorLog));
        Map<String, String> unit = directives(Files.readString(UNIT));
        List<String> start = List.of(unit.get("ExecStart").replace("/opt/relaycast/relaycast.jar", jar())
                .replace("/etc/relaycast/relaycast.yaml", config.toString()).split(" "));
        try (Programs.Running server = Programs.start(dir, start)) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    return true;
                }
            });
            try (RawClient dj = RawSource.onAir(port, "/live", "svc-pw")) {
                dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 2)));
                setTitle(port, "Before the rotation");
                await().atMost(Duration.ofSeconds(10)).until(() -> read(playlistLog).contains("|/live|0|Before the rotation"));
                RawClient.listenBriefly(port, "/live", "before-rotation");
                await().atMost(Duration.ofSeconds(10)).until(() -> read(accessLog).contains("\"before-rotation\""));

                // The shipped stanza as cron's logrotate runs it, on the test's file, and with the reload systemd would
                // do for `systemctl reload`: the unit's ExecReload.
                String reload = unit.get("ExecReload").replace("$MAINPID", Long.toString(server.process().pid()));
                Path stanza = Files.writeString(dir.resolve("logrotate.conf"), Files.readString(LOGROTATE)
                        .replace("/var/log/relaycast/playlist.log", playlistLog.toString())
                        .replace("/var/log/relaycast/access.log", accessLog.toString())
                        .replace("/var/log/relaycast/error.log", errorLog.toString())
                        .replace("systemctl reload relaycast.service", reload));
                Programs.run(dir, Duration.ofSeconds(30), List.of("logrotate", "--force", "--state",
                        dir.resolve("logrotate.state").toString(), stanza.toString())).assertSuccess();
                List<Path> rotated = rotated(logs, "playlist");
                assertThat(rotated).as("renamed with its date, not compressed yet (delaycompress)").hasSize(1);
                assertThat(read(rotated.get(0))).contains("Before the rotation");
                List<Path> rotatedAccess = rotated(logs, "access");
                assertThat(rotatedAccess).hasSize(1);
                assertThat(read(rotatedAccess.get(0))).contains("\"before-rotation\"");
                List<Path> rotatedErrors = rotated(logs, "error");
                assertThat(rotatedErrors).hasSize(1);
                assertThat(read(rotatedErrors.get(0))).contains("relaycast listening on 127.0.0.1:" + port);
                await().atMost(Duration.ofSeconds(10)).until(() -> read(errorLog).contains("config reloaded"));
                assertThat(read(errorLog)).as("a new file").doesNotContain("relaycast listening");
                assertThat(read(server.stderr())).as("the log is in the file").contains("continues in " + errorLog)
                        .doesNotContain("relaycast listening");

                setTitle(port, "After the rotation");
                await().atMost(Duration.ofSeconds(10)).until(() -> read(playlistLog).contains("After the rotation"));
                assertThat(read(playlistLog)).as("a new file").doesNotContain("Before the rotation");
                assertThat(read(rotated.get(0))).doesNotContain("After the rotation");
                RawClient.listenBriefly(port, "/live", "after-rotation");
                await().atMost(Duration.ofSeconds(10)).until(() -> read(accessLog).contains("\"after-rotation\""));
                assertThat(read(accessLog)).as("a new file").doesNotContain("before-rotation");
                assertThat(read(rotatedAccess.get(0))).doesNotContain("after-rotation");
            }
        }
    }

    /** The unit's {@code Name=value} lines (the last of a name wins, as in systemd). */
    private static Map<String, String> directives(String unit) {
        Map<String, String> directives = new LinkedHashMap<>();
        unit.lines().map(String::strip).filter(line -> !line.startsWith("#") && line.contains("="))
                .forEach(line -> directives.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return directives;
    }

    /** The rotated copies of {@code name}.log. */
    private static List<Path> rotated(Path logs, String name) throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(file -> file.getFileName().toString().matches(name + "\\.log-\\d{8}")).toList();
        }
    }

    private static void setTitle(int port, String title) {
        try (RawClient admin = RawClient.connect(port)) {
            admin.send("GET /admin/metadata?mode=updinfo&mount=/live&song=" + URLEncoder.encode(title, StandardCharsets.UTF_8)
                    + " HTTP/1.0\r\nAuthorization: " + RawSource.basic("source", "svc-pw") + "\r\n\r\n");
            assertThat(admin.readHead().status()).isEqualTo(200);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jar() {
        String jar = System.getProperty("relaycast.jar", "target/relaycast.jar");
        assertThat(Files.isRegularFile(Path.of(jar))).as("packaged jar " + jar).isTrue();
        return Path.of(jar).toAbsolutePath().toString();
    }
}
