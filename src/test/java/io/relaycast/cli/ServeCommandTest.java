package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relaycast.config.BurstSize;
import io.relaycast.config.Relaying;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.YpSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine;
    }

    @Test
    void helpListsTheOptionsAndExitsZero() {
        int exit = commandLine(Map.of()).execute("--help");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--port", "--source-port", "--source-password", "--burst-size", "--queue-size",
                "--max-listeners", "--source-timeout", "--header-timeout", "--metaint", "RELAYCAST_SOURCE_PASSWORD");
    }

    @Test
    void versionPrintsTheVersion() {
        assertThat(commandLine(Map.of()).execute("--version")).isZero();
        assertThat(out.toString()).startsWith("relaycast ");
    }

    @Test
    void aBadOptionIsAClearErrorAndNonZero() {
        assertThat(commandLine(Map.of()).execute("--prot", "8000")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--prot'");
    }

    @Test
    void aMistakeIsSaidWithAPointerToHelpNotTheWholeOptionList() {
        assertThat(commandLine(Map.of()).execute("--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).startsWith("port must be between 0 and 65535, was 70000")
                .contains("Try 'relaycast --help' for more information.").doesNotContain("Usage:", "--source-password");
        assertThat(err.toString().lines()).hasSizeLessThan(4);
    }

    @Test
    void anInvalidValueNamesTheProblem() {
        assertThat(commandLine(Map.of()).execute("--port", "eighty")).isEqualTo(2);
        assertThat(err.toString()).contains("--port").contains("eighty");
    }

    @Test
    void anInvalidValueFromTheEnvironmentNamesItsVariable() {
        assertThat(commandLine(Map.of("RELAYCAST_PORT", "eighty")).execute()).isEqualTo(2);
        assertThat(err.toString()).startsWith("environment variable RELAYCAST_PORT: Invalid value for option '--port': "
                + "'eighty' is not an int");
        err.getBuffer().setLength(0);
        assertThat(commandLine(Map.of("RELAYCAST_PORT", "eighty")).execute("--port", "x")).isEqualTo(2);
        assertThat(err.toString()).as("given on the command line, not by the environment")
                .contains("Invalid value for option '--port': 'x' is not an int").doesNotContain("environment variable");
    }

    @Test
    void defaultsAreIcecastsAndTheEnvironmentOverridesThem() {
        CommandLine defaults = commandLine(Map.of());
        defaults.parseArgs();
        ServerConfig config = ((ServeCommand) defaults.getCommand()).config();
        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.sourcePassword()).isEqualTo("hackme");
        assertThat(config.burstSize()).isEqualTo(BurstSize.ofBytes(65536));
        assertThat(config.queueSize()).isEqualTo(524288);
        assertThat(config.metaint()).isEqualTo(16000);
        assertThat(config.sourceTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.hasShoutcastMount()).as("SHOUTcast v1 sources are off unless asked for").isFalse();

        CommandLine fromEnvironment = commandLine(Map.of("RELAYCAST_SOURCE_PASSWORD", "secret", "RELAYCAST_PORT", "9000",
                "RELAYCAST_BURST_SIZE", "4s", "RELAYCAST_SHOUTCAST_MOUNT", "/live"));
        fromEnvironment.parseArgs("--port", "9100");
        ServerConfig overridden = ((ServeCommand) fromEnvironment.getCommand()).config();
        assertThat(overridden.sourcePassword()).isEqualTo("secret");
        assertThat(overridden.port()).as("the command line wins").isEqualTo(9100);
        assertThat(overridden.burstSize()).isEqualTo(BurstSize.ofDuration(Duration.ofSeconds(4)));
        assertThat(overridden.shoutcastMount()).isEqualTo("/live");
    }

    @Test
    void relaysNameTheirMountAndOrigin() {
        CommandLine line = commandLine(Map.of());
        line.parseArgs("--relay", "/radio=http://origin.example:8000/live", "--relay", "/jazz=http://origin.example:8000/jazz");
        assertThat(((ServeCommand) line.getCommand()).config().mounts())
                .extracting(mount -> mount.path() + " <- " + mount.relay())
                .containsExactly("/radio <- http://origin.example:8000/live", "/jazz <- http://origin.example:8000/jazz");
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> commandLine(Map.of()).execute("--relay", "/radio=ftp://origin.example/live", "--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("relay of /radio must be an http:// or https:// URL");
    }

    @Test
    void aMasterToFollowAndTheRelayLoginOfThisServer() {
        CommandLine line = commandLine(Map.of("RELAYCAST_RELAY_PASSWORD", "from-env"));
        line.parseArgs("--master", "http://relay:s3cret@origin.example:8000", "--master-update-interval", "30");
        assertThat(((ServeCommand) line.getCommand()).config().relaying()).isEqualTo(new Relaying(
                URI.create("http://relay:s3cret@origin.example:8000"), Duration.ofSeconds(30), "relay", "from-env"));
        CommandLine none = commandLine(Map.of());
        none.parseArgs();
        assertThat(((ServeCommand) none.getCommand()).config().relaying()).isEqualTo(Relaying.NONE);
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> commandLine(Map.of()).execute("--master", "ftp://origin.example", "--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("master must be an http:// or https:// URL");
    }

    @Test
    void anHttpsMasterWithTheCertificatesToTrustFollowedOnDemand() throws Exception {
        Path trusted = Files.writeString(Files.createTempDirectory("relay-ca").resolve("origin.pem"), "a PEM file\n");
        CommandLine line = commandLine(Map.of("RELAYCAST_RELAY_CA", trusted.toString()));
        line.parseArgs("--master", "https://relay:s3cret@origin.example:8443", "--relays-on-demand");
        assertThat(((ServeCommand) line.getCommand()).config().relaying()).isEqualTo(new Relaying(
                URI.create("https://relay:s3cret@origin.example:8443"), Relaying.DEFAULT_MASTER_INTERVAL, "relay", null,
                trusted, true));
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> commandLine(Map.of()).execute("--relay-ca", trusted.resolveSibling("missing.pem").toString(),
                        "--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("missing.pem, cannot be read");
    }

    @Test
    void trustedProxiesComeCommaSeparatedFromTheEnvironmentOrTheCommandLine() {
        CommandLine environment = commandLine(Map.of("RELAYCAST_TRUSTED_PROXY", "127.0.0.1,172.16.0.0/12"));
        environment.parseArgs();
        assertThat(((ServeCommand) environment.getCommand()).config().access().trustedProxies())
                .containsExactly("127.0.0.1", "172.16.0.0/12");
        CommandLine options = commandLine(Map.of());
        options.parseArgs("--trusted-proxy", "10.0.0.5", "--trusted-proxy", "::1");
        assertThat(((ServeCommand) options.getCommand()).config().access().trustedProxies()).containsExactly("10.0.0.5", "::1");
    }

    @Test
    void streamDirectoriesNeedThePublicHostname() {
        CommandLine line = commandLine(Map.of("RELAYCAST_HOSTNAME", "radio.example.org"));
        line.parseArgs("--yp-url", "http://dir.xiph.org/cgi-bin/yp-cgi,http://yp.example/cgi", "--yp-url-timeout", "5");
        YpSettings yp = ((ServeCommand) line.getCommand()).config().yp();
        assertThat(yp).isEqualTo(new YpSettings(List.of(URI.create("http://dir.xiph.org/cgi-bin/yp-cgi"),
                URI.create("http://yp.example/cgi")), Duration.ofSeconds(5), Duration.ofSeconds(600), "radio.example.org"));
        assertThat(yp.authority(8000)).isEqualTo("radio.example.org:8000");
        assertThat(new YpSettings(yp.urls(), null, null, "radio.example.org:80").authority(8000))
                .as("a port in the hostname is the one listeners use").isEqualTo("radio.example.org:80");
        CommandLine none = commandLine(Map.of());
        none.parseArgs();
        assertThat(((ServeCommand) none.getCommand()).config().yp().isEnabled()).isFalse();
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> commandLine(Map.of()).execute("--yp-url", "http://dir.xiph.org/cgi-bin/yp-cgi", "--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("needs --hostname");
        exit = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> commandLine(Map.of()).execute("--yp-url",
                "http://dir.xiph.org/cgi-bin/yp-cgi", "--hostname", "radio example", "--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("hostname must be a DNS name or an address");
    }

    @Test
    void anHttpsPortNeedsAUsableCertificate() throws Exception {
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> commandLine(Map.of()).execute("--tls-port", "0", "--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("a TLS port needs --tls-certificate");
        Path garbage = Files.createTempFile("relaycast-cert", ".pem");
        try {
            Files.writeString(garbage, "not a certificate\n");
            // Preemptive: were the certificate accepted, the server would start and serve until stopped.
            exit = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> commandLine(Map.of())
                    .execute("--tls-port", "0", "--tls-certificate", garbage.toString(), "--port", "0"));
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).contains("cannot use the TLS certificate " + garbage);
        } finally {
            Files.delete(garbage);
        }
    }

    @Test
    void aShoutcastMountMustBeAMountPath() {
        // Preemptive: were the value accepted, the server would start and serve until stopped.
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> commandLine(Map.of()).execute("--shoutcast-mount", "live", "--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("shoutcast-mount must be a mount path").contains("live");
    }

    @Test
    void environmentVariableNamesFollowTheOptionNames() {
        assertThat(EnvironmentDefaults.variableFor("--source-password")).isEqualTo("RELAYCAST_SOURCE_PASSWORD");
        assertThat(EnvironmentDefaults.variableFor("--max-listeners")).isEqualTo("RELAYCAST_MAX_LISTENERS");
    }

    @Test
    void aPortAlreadyTakenIsNamedWithTheReasonAndExitsOne() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> commandLine(Map.of()).execute("--port", String.valueOf(port)));
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("cannot listen on 0.0.0.0:" + port + " (--port): Address already in use");
        }
    }

    @Test
    void anEmptyPasswordIsRefusedNotAnOpenDoor() {
        // Preemptive: were the value accepted, the server would start and serve until stopped.
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> commandLine(Map.of("RELAYCAST_SOURCE_PASSWORD", "")).execute("--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("source-password must not be empty");
        exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> commandLine(Map.of()).execute("--admin-password=", "--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("admin-password must not be empty");
    }

    @Test
    void aPlaylistThatIsNotThereIsAnErrorAtStart() throws Exception {
        Path missing = Files.createTempDirectory("relaycast-music").resolve("typo");
        // Preemptive: were the playlist accepted, the server would start and serve until stopped.
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> commandLine(Map.of()).execute("--playlist", missing.toString(), "--port", "0"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("playlist of /live, " + missing + ", does not exist");
    }
}
