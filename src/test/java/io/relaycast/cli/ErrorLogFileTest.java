package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.LogLines;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.StandardError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code error-log} and {@code log-level}, Icecast's {@code <errorlog>} and {@code <loglevel>}: a server run from a real
 * config file, sources refused on real connections, the file read as an operator would read it.
 */
class ErrorLogFileTest {

    /** As the journal shows it: time, level, thread, logger, message. */
    private static final String LINE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) "
            + "%-5s \\[.+] \\S+ - %s";
    private static final String SERVER = """
            bind: 127.0.0.1
            port: 0
            source-password: server-pw
            """;
    private static final String REFUSED = "refused for /live: wrong credentials for user source";

    @TempDir
    Path dir;

    private RelaycastServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServersOwnLogGoesToTheFileInsteadOfStandardErrorUntilItStops() throws Exception {
        Path log = Files.createDirectories(dir.resolve("logs")).resolve("error.log");
        try (StandardError standardError = StandardError.capture()) {
            start(SERVER + "error-log: logs/error.log\n");
            assertThat(RawSource.loginStatus(server.port(), "/live", "guess")).isEqualTo(401);
            awaitLine(log, REFUSED);
            assertThat(LogLines.of(log))
                    .anyMatch(line -> line.matches(entry("INFO", "relaycast listening on 127\\.0\\.0\\.1:\\d+.*")))
                    .anyMatch(line -> line.matches(entry("INFO", "source /127\\.0\\.0\\.1:\\d+ " + REFUSED)));
            standardError.awaitLogbackWritten();
            assertThat(standardError.text()).as("said on standard error before it moved")
                    .contains("the server's log continues in " + log)
                    .doesNotContain("relaycast listening").doesNotContain(REFUSED);

            server.close();
            server = null;
            assertThat(LogLines.of(log).get(LogLines.of(log).size() - 1)).matches(entry("INFO", "relaycast stopped"));
            LoggerFactory.getLogger(ErrorLogFileTest.class).info("after the server: back on standard error");
            standardError.awaitLogbackWritten();
            assertThat(standardError.text()).contains("after the server: back on standard error");
            assertThat(LogLines.of(log)).noneMatch(line -> line.contains("after the server"));
        }
    }

    @Test
    void aReloadPutsTheLevelInForceAndOpensTheFileAgainSoALogRotatedByRenamingStartsAnew() throws Exception {
        Path log = dir.resolve("error.log");
        Path config = Files.writeString(dir.resolve("relaycast.yaml"), SERVER + "error-log: error.log\nlog-level: warn\n");
        server = FileConfiguredServer.start(config);
        assertThat(RawSource.loginStatus(server.port(), "/live", "guess")).isEqualTo(401);
        Files.writeString(config, "port: [not a port\n");
        assertThat(server.reloadConfig().reloaded()).isFalse();
        awaitLine(log, "reload rejected");
        assertThat(LogLines.of(log)).as("an error, and no info before it").hasSize(1)
                .allMatch(line -> line.matches(entry("ERROR", "config reload rejected, still running on .*")));

        Path rotated = Files.move(log, dir.resolve("error.log.1"));
        Files.writeString(config, SERVER + "error-log: error.log\nlog-level: 3\n");
        assertThat(server.reloadConfig().reloaded()).isTrue();
        assertThat(RawSource.loginStatus(server.port(), "/live", "guess")).isEqualTo(401);
        awaitLine(log, REFUSED);
        assertThat(LogLines.of(log)).as("Icecast's 3 is info")
                .anyMatch(line -> line.matches(entry("INFO", "config reloaded")));
        assertThat(LogLines.of(rotated)).hasSize(1);
    }

    @Test
    void whileTheFileCannotBeWrittenItsLinesGoToStandardErrorAndTheFileTakesThemOnceItCan() throws Exception {
        Path log = dir.resolve("not-yet/error.log");
        try (StandardError standardError = StandardError.capture()) {
            start(SERVER + "error-log: not-yet/error.log\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> standardError.text().contains("relaycast listening on")
                    && standardError.text().contains("error log " + log + " cannot be written"));
            assertThat(standardError.text()).contains("NoSuchFileException");
            standardError.awaitLogbackWritten();
            assertThat(standardError.text().split("the server's log continues in ", -1)).as("said once").hasSize(2);

            Files.createDirectories(log.getParent());
            assertThat(RawSource.loginStatus(server.port(), "/live", "guess")).isEqualTo(401);
            awaitLine(log, "error log " + log + ": written again");
            assertThat(LogLines.of(log)).anyMatch(line -> line.contains(REFUSED));
            assertThat(standardError.text()).doesNotContain(REFUSED);
        }
    }

    /**
     * A line break in a message (text a client sent: a title, a header) is written as a space, in the file and on standard
     * error alike: every line of the log is one event, and nobody can forge one.
     */
    @Test
    void aLineBreakInAMessageStaysOnItsLineInTheFileAndOnStandardError() throws Exception {
        Path log = dir.resolve("error.log");
        String forged = "a title\r\n2026-12-05T00:00:00.000Z ERROR [main] forged - not from the server";
        try (StandardError standardError = StandardError.capture()) {
            start(SERVER + "error-log: error.log\n");
            LoggerFactory.getLogger(ErrorLogFileTest.class).info("in the file: {}", forged);
            awaitLine(log, "in the file:");
            assertThat(LogLines.of(log)).anyMatch(line -> line.matches(entry("INFO", "in the file: a title "
                    + "2026-12-05T00:00:00\\.000Z ERROR \\[main] forged - not from the server")))
                    .noneMatch(line -> line.startsWith("2026-12-05T00:00:00.000Z"));
            server.close();
            server = null;
            LoggerFactory.getLogger(ErrorLogFileTest.class).info("on standard error: {}", forged);
            standardError.awaitLogbackWritten();
            assertThat(standardError.text().lines()).anyMatch(line -> line.matches(entry("INFO", "on standard error: a title "
                    + "2026-12-05T00:00:00\\.000Z ERROR \\[main] forged - not from the server")))
                    .noneMatch(line -> line.startsWith("2026-12-05T00:00:00.000Z"));
        }
    }

    private static String entry(String level, String message) {
        return LINE.formatted(level, message);
    }

    private static void awaitLine(Path log, String text) {
        await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(log).stream().anyMatch(line -> line.contains(text)));
    }

    private void start(String config) throws Exception {
        server = FileConfiguredServer.start(Files.writeString(dir.resolve("relaycast.yaml"), config));
    }
}
