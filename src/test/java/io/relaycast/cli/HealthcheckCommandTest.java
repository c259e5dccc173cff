package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relaycast.config.ServerConfig;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code relaycast healthcheck}, the Docker image's health check, against real servers and ports. */
class HealthcheckCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The main process's command line the check reads; null: the real one (here not relaycast: a test runner's). */
    private Path mainProcess;

    private int healthcheck(Map<String, String> environment, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = Main.commandLine();
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        if (mainProcess != null) {
            ((HealthcheckCommand) commandLine.getSubcommands().get("healthcheck").getCommand()).serverCommandLine = mainProcess;
        }
        return commandLine.execute(args);
    }

    /** The container's main process runs {@code args}: a file as {@code /proc/1/cmdline} gives them, NUL-terminated. */
    private void mainProcessRuns(List<String> args) throws IOException {
        mainProcess = Files.writeString(dir.resolve("cmdline"), String.join("\0", args) + "\0");
    }

    /** {@code docker run IMAGE ARGS}: the Dockerfile's ENTRYPOINT, then the arguments. */
    private static List<String> dockerRun(String... args) throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile")).replace("\\\n", "");
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
        assertThat(entrypoint.find()).as("the Dockerfile's ENTRYPOINT").isTrue();
        List<String> command = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"").matcher(entrypoint.group(1));
        while (word.find()) {
            command.add(word.group(1));
        }
        assertThat(command).as("the server runs as java ... -jar relaycast.jar").contains("java", "-jar");
        command.addAll(List.of(args));
        return command;
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
            assertThat(err.toString()).startsWith("relaycast healthcheck: no answer").hasLineCount(1);
            answering.join(5000);
            int exit = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> healthcheck(Map.of(), "healthcheck", "--timeout",
                    "1", "--url", "http://127.0.0.1:" + silent.getLocalPort() + "/"));
            assertThat(exit).as("accepted by the kernel, never answered").isEqualTo(1);
            assertThat(err.toString()).startsWith("relaycast healthcheck: no answer").hasLineCount(1);
        }
    }

    @Test
    void aBadOptionIsUnhealthyNotDockersReservedExitCode() {
        assertThat(healthcheck(Map.of(), "healthcheck", "--timout", "1")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("relaycast healthcheck: Unknown options: '--timout', '1'\n");
    }

    @Test
    void anInvalidSettingIsExitCode1WithOneLineNamingIt() throws IOException {
        Path badPort = Files.writeString(dir.resolve("bad-port.yaml"), "port: abc\n");
        Map<List<String>, String> settings = new LinkedHashMap<>();
        settings.put(List.of("RELAYCAST_PORT", "abc"), "environment variable RELAYCAST_PORT: Invalid value for option '--port'");
        settings.put(List.of("RELAYCAST_PORT", "70000"), "environment variable RELAYCAST_PORT: the server's port must be");
        settings.put(List.of("RELAYCAST_MAX_LISTENERS", "many"), "environment variable RELAYCAST_MAX_LISTENERS:");
        settings.put(List.of("RELAYCAST_TIMEOUT", "soon"), "environment variable RELAYCAST_TIMEOUT:");
        settings.put(List.of("RELAYCAST_CONFIG", badPort.toString()), "config file " + badPort + ", line 1: Invalid value");
        settings.put(List.of("RELAYCAST_CONFIG", dir.resolve("missing.yaml").toString()),
                "config file " + dir.resolve("missing.yaml") + ": ");
        for (Map.Entry<List<String>, String> setting : settings.entrySet()) {
            String variable = setting.getKey().get(0);
            assertThat(healthcheck(Map.of(variable, setting.getKey().get(1)), "healthcheck")).as(setting.getKey().toString())
                    .isEqualTo(1);
            assertThat(err.toString()).as(setting.getKey().toString()).startsWith("relaycast healthcheck: " + setting.getValue())
                    .hasLineCount(1);
        }
        assertThat(healthcheck(Map.of(), "healthcheck", "--port", "abc")).isEqualTo(1);
        assertThat(err.toString()).startsWith("relaycast healthcheck: Invalid value for option '--port': 'abc'").hasLineCount(1);
        assertThat(healthcheck(Map.of(), "--port", "abc", "healthcheck")).as("a server option before the subcommand")
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("relaycast healthcheck: Invalid value for option '--port': 'abc'").hasLineCount(1);
        assertThat(healthcheck(Map.of(), "--port", "abc")).as("the server itself, as before").isEqualTo(2);
        assertThat(err.toString()).contains("Try 'relaycast --help'");

        mainProcessRuns(dockerRun("--port", "eighty"));
        assertThat(healthcheck(Map.of(), "healthcheck")).isEqualTo(1);
        assertThat(err.toString()).startsWith("relaycast healthcheck: the server's command line (" + mainProcess
                + "): Invalid value for option '--port': 'eighty'").hasLineCount(1);
    }

    @Test
    void thePortGivenToTheServerAsDockerRunArgumentsIsChecked() throws IOException {
        int closed = FreePorts.pick();
        try (TestServer server = TestServer.start()) {
            String port = Integer.toString(server.port());
            List<List<String>> mainProcesses = List.of(dockerRun("--port", port), dockerRun("--port=" + port),
                    dockerRun("--source-password", "secret", "--port", port, "--relay", "/live=http://origin:8000/live"),
                    // docker run --init: the init program runs the image's command.
                    concat(List.of("/sbin/docker-init", "--"), dockerRun("--port", port)),
                    List.of("java", "-cp", "/opt/relaycast/relaycast.jar", "io.relaycast.cli.Main", "--port", port));
            for (List<String> args : mainProcesses) {
                mainProcessRuns(args);
                assertThat(healthcheck(Map.of("RELAYCAST_PORT", Integer.toString(closed)), "healthcheck")).as(args + ": " + err)
                        .isZero();
                assertThat(out.toString()).contains("http://127.0.0.1:" + port + "/status-json.xsl answered 200");
            }
            mainProcessRuns(dockerRun("--port", port));
            assertThat(healthcheck(Map.of("RELAYCAST_PORT", "abc"), "healthcheck"))
                    .as("an invalid setting the server's command line overrides, as the server does: " + err).isZero();
        }
    }

    @Test
    void theServersCommandLineComesBeforeTheEnvironmentWhichComesBeforeTheConfigFile() throws IOException {
        int closed = FreePorts.pick();
        try (TestServer server = TestServer.start()) {
            String port = Integer.toString(server.port());
            Path wrongPort = Files.writeString(dir.resolve("wrong.yaml"), "port: " + closed + "\nbind: 127.0.0.1\n");
            Path rightPort = Files.writeString(dir.resolve("right.yaml"), "port: " + port + "\n");

            mainProcessRuns(dockerRun("--config", wrongPort.toString()));
            assertThat(healthcheck(Map.of("RELAYCAST_PORT", port), "healthcheck")).as("environment over file: " + err).isZero();
            mainProcessRuns(dockerRun("--port", port));
            assertThat(healthcheck(Map.of("RELAYCAST_CONFIG", wrongPort.toString()), "healthcheck"))
                    .as("command line over file: " + err).isZero();
            mainProcessRuns(dockerRun("--config", rightPort.toString()));
            assertThat(healthcheck(Map.of(), "healthcheck")).as("the command line's file: " + err).isZero();
            assertThat(healthcheck(Map.of("RELAYCAST_PORT", Integer.toString(closed)), "healthcheck"))
                    .as("the environment over the command line's file").isEqualTo(1);
            assertThat(err.toString()).startsWith("relaycast healthcheck: no answer from http://127.0.0.1:" + closed + "/");
        }
    }

    @Test
    void aRelativeConfigFileOfTheServersIsReadFromTheServersWorkingDirectory() throws IOException {
        try (TestServer server = TestServer.start()) {
            // As /proc/1/cwd is beside /proc/1/cmdline: the server's working directory (docker run -w), not the check's.
            Path serversDirectory = Files.createDirectories(dir.resolve("cwd"));
            Files.writeString(serversDirectory.resolve("station.yaml"), "port: " + server.port() + "\n");
            mainProcessRuns(dockerRun("--config", "station.yaml"));
            assertThat(healthcheck(Map.of(), "healthcheck")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("http://127.0.0.1:" + server.port() + "/status-json.xsl answered 200");
        }
    }

    @Test
    void aMainProcessThatIsNotRelaycastsServerLeavesThePortToTheEnvironment() throws IOException {
        int closed = FreePorts.pick();
        try (TestServer server = TestServer.start()) {
            Map<String, String> environment = Map.of("RELAYCAST_PORT", Integer.toString(server.port()));
            String elsewhere = Integer.toString(closed);
            List<List<String>> mainProcesses = List.of(List.of("/sbin/init"),
                    List.of("/lib/systemd/systemd", "--system", "--deserialize", "31"),
                    List.of("java", "-jar", "/srv/other-server.jar", "--port", elsewhere),
                    dockerRun("loadtest", "http://127.0.0.1:" + elsewhere + "/live", "--listeners", "1"),
                    List.of("sh", "-c", "java -jar /opt/relaycast/relaycast.jar --port " + elsewhere));
            for (List<String> args : mainProcesses) {
                mainProcessRuns(args);
                assertThat(healthcheck(environment, "healthcheck")).as(args + ": " + err).isZero();
            }
            mainProcess = dir.resolve("no-such-process");
            assertThat(healthcheck(environment, "healthcheck")).as("no /proc (not Linux): " + err).isZero();
        }
    }

    @Test
    void optionsGivenToTheCheckTakeThePlaceOfTheServers() throws IOException {
        int closed = FreePorts.pick();
        try (TestServer server = TestServer.start()) {
            String port = Integer.toString(server.port());
            Map<String, String> environment = Map.of("RELAYCAST_PORT", Integer.toString(closed));
            mainProcessRuns(dockerRun("--port", Integer.toString(closed), "--bind", "192.0.2.1"));
            assertThat(healthcheck(environment, "healthcheck", "--port", port, "--bind", "0.0.0.0")).as(err.toString())
                    .isZero();
            assertThat(healthcheck(environment, "--port", port, "--bind", "127.0.0.1", "healthcheck")).as(err.toString())
                    .isZero();
            Path config = Files.writeString(dir.resolve("relaycast.yaml"), "port: " + port + "\nbind: 127.0.0.1\n");
            mainProcessRuns(dockerRun("--config", dir.resolve("elsewhere.yaml").toString()));
            assertThat(healthcheck(Map.of(), "healthcheck", "--config", config.toString())).as(err.toString()).isZero();
        }
    }

    @Test
    void aServerOnEveryAddressIsCheckedOnLoopback() {
        ServerConfig everywhere = TestServer.config().toBuilder().bindAddress("0.0.0.0").build();
        try (TestServer server = TestServer.start(everywhere)) {
            // A server bound to :: takes IPv4 connections too: 127.0.0.1 reaches it, as where IPv6 is turned off.
            for (String bind : List.of("0.0.0.0", "0", "::", "[::]", "0:0:0:0:0:0:0:0", "::0")) {
                int exit = healthcheck(Map.of("RELAYCAST_PORT", Integer.toString(server.port()), "RELAYCAST_BIND", bind),
                        "healthcheck");
                assertThat(exit).as(bind + ": " + err).isZero();
                assertThat(out.toString()).as(bind).startsWith("http://127.0.0.1:" + server.port() + "/");
            }
        }
        assertThat(HealthcheckCommand.host("::1")).isEqualTo("[::1]");
        assertThat(HealthcheckCommand.host("[::1]")).isEqualTo("[::1]");
        assertThat(HealthcheckCommand.host("10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(HealthcheckCommand.host("radio.example.org")).isEqualTo("radio.example.org");
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
