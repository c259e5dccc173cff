package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.testing.Programs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGHUP that comes while {@code relaycast --config} starts, as logrotate's postrotate or a certbot deploy hook sends
 * one whenever it runs, on a real server process. The config file is a link to a named pipe at first, so the server
 * waits in reading it, inside its own code, until the test has sent the HUP: the same moment on every run.
 */
class ReloadSignalTest {

    private static final String CONFIG = ReloadableStation.LOGINS;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHangupWhileTheServerStartsIsAReloadOnceItIsUpRatherThanItsEnd() throws Exception {
        Path pipe = Programs.namedPipe(dir.resolve("config.pipe"));
        Path file = Files.writeString(dir.resolve("config.yaml"), CONFIG);
        Path config = Files.createSymbolicLink(dir.resolve("relaycast.yaml"), pipe);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (Programs.Running server = Programs.start(dir, List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString()))) {
            try (OutputStream reading = Files.newOutputStream(pipe)) {
                // The server is reading the config: every later read finds the file.
                Path link = Files.createSymbolicLink(dir.resolve("relaycast.yaml.new"), file);
                Files.move(link, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Programs.run(dir, Duration.ofSeconds(10), List.of("kill", "-HUP", Long.toString(server.process().pid())))
                        .assertSuccess();
                await("the HUP taken, or the server ended").atMost(Duration.ofSeconds(30))
                        .until(() -> !server.process().isAlive() || stderr(server).contains("reload asked while starting"));
                assertThat(state(server)).isEqualTo("running");
                reading.write(CONFIG.getBytes(StandardCharsets.UTF_8));
            }
            await("listening").atMost(Duration.ofSeconds(60)).until(() -> stderr(server).contains("relaycast listening on"));
            await("the reload").atMost(Duration.ofSeconds(30)).until(() -> stderr(server).contains("config reloaded"));
            assertThat(state(server)).isEqualTo("running");
        }
    }

    private static String state(Programs.Running server) {
        return server.process().isAlive() ? "running" : "ended with exit code " + server.process().exitValue();
    }

    private static String stderr(Programs.Running server) throws IOException {
        return Files.readString(server.stderr(), StandardCharsets.UTF_8);
    }
}
