package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relaycast.testing.FreePorts;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code relaycast healthcheck}, the Docker image's health check, against real servers and ports. */
class HealthcheckCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int healthcheck(Map<String, String> environment, String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void aRunningServerIsHealthyOnThePortItsEnvironmentGives() {
        try (TestServer server = TestServer.start()) {
            int exit = healthcheck(Map.of("RELAYCAST_PORT", Integer.toString(server.port())), "healthcheck");
            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("http://127.0.0.1:" + server.port() + "/status-json.xsl answered 200");
        }
    }

    @Test
    void thePortOfTheConfigFileIsCheckedAsTheServerWouldUseIt() throws IOException {
        try (TestServer server = TestServer.start()) {
            Path config = Files.writeString(dir.resolve("relaycast.yaml"), "port: " + server.port() + "\n");
            assertThat(healthcheck(Map.of("RELAYCAST_CONFIG", config.toString()), "healthcheck")).as(err.toString()).isZero();
        }
    }

    @Test
    void aClosedPortIsUnhealthyAtOnce() {
        int closed = FreePorts.pick();
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(4),
                () -> healthcheck(Map.of("RELAYCAST_PORT", Integer.toString(closed)), "healthcheck"));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("relaycast healthcheck: no answer from http://127.0.0.1:" + closed)
                .hasLineCount(1);
    }

    @Test
    void anAnswerOtherThan2xxIsUnhealthy() {
        try (TestServer server = TestServer.start()) {
            assertThat(healthcheck(Map.of(), "healthcheck", "--url", server.url("/no-such-mount"))).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("relaycast healthcheck: " + server.url("/no-such-mount") + " answered 404\n");
        }
    }

    @Test
    void garbageOrSilenceOnThePortIsUnhealthy() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket client = garbage.accept()) {
                    client.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // The test is over.
                }
            });
            answering.setDaemon(true);
            answering.start();
            assertThat(healthcheck(Map.of(), "healthcheck", "--url", "http://127.0.0.1:" + garbage.getLocalPort() + "/"))
                    .isEqualTo(1);
            answering.join(5000);
            int exit = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> healthcheck(Map.of(), "healthcheck", "--timeout",
                    "1", "--url", "http://127.0.0.1:" + silent.getLocalPort() + "/"));
            assertThat(exit).as("accepted by the kernel, never answered").isEqualTo(1);
            assertThat(err.toString().lines()).hasSize(2).allMatch(line -> line.startsWith("relaycast healthcheck: no answer"));
        }
    }

    @Test
    void aBadOptionIsUnhealthyNotDockersReservedExitCode() {
        assertThat(healthcheck(Map.of(), "healthcheck", "--timout", "1")).isEqualTo(1);
    }
}
