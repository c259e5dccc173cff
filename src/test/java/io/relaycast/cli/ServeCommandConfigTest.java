package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.relaycast.config.ForwardedHeader;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ListenAddress;
import io.relaycast.config.ResponseHeaders;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.LogLevel;
import io.relaycast.config.ServerFiles;
import io.relaycast.mp3.SampleFormat;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The config file under the command line: the file fills in, the command line wins. */
class ServeCommandConfigTest {

    @TempDir
    Path dir;

    @Test
    void commandLineOverridesTheFileAndPlaylistSetsTheDefaultMount() throws Exception {
        Path file = Files.writeString(dir.resolve("r.yaml"), """
                port: 8100
                max-listeners: 77
                mounts:
                  /live:
                    password: dj
                    playlist: a
                    max-listeners: 40
                    max-listener-duration: 600
                    hidden: true
                  /other:
                    playlist: b
                """);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString(), "--port", "9000", "--playlist", dir.resolve("cli").toString());
        ServeCommand command = line.getCommand();
        ServerConfig config = command.withConfigFile().config();

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.maxListeners()).isEqualTo(77);
        assertThat(config.mounts()).extracting(MountConfig::path).containsExactly("/live", "/other");
        assertThat(config.mounts().get(0).playlist()).isEqualTo(dir.resolve("cli"));
        assertThat(config.mounts().get(0).password()).isEqualTo("dj");
        assertThat(config.mounts().get(0).listeners()).as("--playlist keeps the file's other settings of the mount")
                .isEqualTo(ListenerRules.builder().maxListeners(40).maxDuration(Duration.ofMinutes(10)).build());
        assertThat(config.mounts().get(0).hidden()).isTrue();
        assertThat(config.mounts().get(1).playlist()).isEqualTo(dir.resolve("b"));
    }

    @Test
    void aWebRootInTheFileIsRelativeToTheFileAndOnTheCommandLineToTheWorkingDirectory() throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("web.yaml"), "web-root: www\n");
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        assertThat(((ServeCommand) line.getCommand()).withConfigFile().config().webRoot())
                .isEqualTo(dir.resolve("etc").resolve("www").toAbsolutePath());
        CommandLine given = Main.commandLine();
        given.parseArgs("--web-root", "public");
        assertThat(((ServeCommand) given.getCommand()).config().webRoot()).isEqualTo(Path.of("public"));
        CommandLine none = Main.commandLine();
        none.parseArgs();
        assertThat(((ServeCommand) none.getCommand()).config().webRoot()).as("none by default").isNull();
    }

    @Test
    void logFilesInTheFileAreRelativeToTheFileAndOnTheCommandLineToTheWorkingDirectory() throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("log.yaml"),
                "playlist-log: logs/playlist.log\naccess-log: logs/access.log\n");
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        ServerFiles fromFile = ((ServeCommand) line.getCommand()).withConfigFile().config().files();
        assertThat(fromFile.playlistLog()).isEqualTo(dir.resolve("etc").resolve("logs/playlist.log").toAbsolutePath());
        assertThat(fromFile.accessLog()).isEqualTo(dir.resolve("etc").resolve("logs/access.log").toAbsolutePath());
        CommandLine given = Main.commandLine();
        given.parseArgs("--playlist-log", "titles.log", "--access-log", "access.log");
        ServerFiles fromCommandLine = ((ServeCommand) given.getCommand()).config().files();
        assertThat(fromCommandLine.playlistLog()).isEqualTo(Path.of("titles.log"));
        assertThat(fromCommandLine.accessLog()).isEqualTo(Path.of("access.log"));
        CommandLine none = Main.commandLine();
        none.parseArgs();
        assertThat(((ServeCommand) none.getCommand()).config().files()).as("none by default: stdout for the access log")
                .isEqualTo(ServerFiles.NONE);
    }

    /**
     * A RELAYCAST_LOG_LEVEL the server does not understand means info, as the README says and as the subcommands take it
     * (with a warning): a container started with {@code -e RELAYCAST_LOG_LEVEL=trace} runs. Given on the command line,
     * the same word is refused.
     */
    @Test
    void aLogLevelFromTheEnvironmentThatIsNotUnderstoodMeansInfo() {
        CommandLine line = Main.commandLine();
        line.setDefaultValueProvider(new EnvironmentDefaults(Map.of("RELAYCAST_LOG_LEVEL", "trace")));
        line.parseArgs();
        assertThat(((ServeCommand) line.getCommand()).config().files().logLevel()).isEqualTo(LogLevel.INFO);
        CommandLine given = Main.commandLine();
        given.parseArgs("--log-level", "trace");
        assertThatThrownBy(() -> ((ServeCommand) given.getCommand()).config())
                .hasMessageContaining("log-level: expected error, warn, info or debug");
    }

    /** Icecast's {@code <errorlog>} and {@code <loglevel>}, by name or by Icecast's number; "-" is the standard stream. */
    @Test
    void theErrorLogAndItsLevelComeFromTheFileOrTheCommandLineAndADashIsTheStandardStream() throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("log.yaml"),
                "error-log: logs/error.log\nlog-level: DEBUG\naccess-log: \"-\"\n");
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        ServerFiles fromFile = ((ServeCommand) line.getCommand()).withConfigFile().config().files();
        assertThat(fromFile.errorLog()).isEqualTo(dir.resolve("etc").resolve("logs/error.log").toAbsolutePath());
        assertThat(fromFile.logLevel()).isEqualTo(LogLevel.DEBUG);
        assertThat(fromFile.accessLog()).as("standard output").isNull();
        CommandLine given = Main.commandLine();
        given.parseArgs("--error-log", "-", "--log-level", "2");
        ServerFiles fromCommandLine = ((ServeCommand) given.getCommand()).config().files();
        assertThat(fromCommandLine.errorLog()).as("standard error").isNull();
        assertThat(fromCommandLine.logLevel()).isEqualTo(LogLevel.WARN);

        Path loud = Files.writeString(dir.resolve("loud.yaml"), "source-password: s3cret\nlog-level: loud\n");
        CommandLine wrong = Main.commandLine();
        wrong.parseArgs("--config", loud.toString());
        assertThatThrownBy(() -> ((ServeCommand) wrong.getCommand()).call()).hasMessage("config file " + loud
                + ", line 2: log-level: expected error, warn, info or debug (or Icecast's 1 to 4), not 'loud'");
        Path titles = Files.writeString(dir.resolve("titles.yaml"), "source-password: s3cret\nplaylist-log: \"-\"\n");
        CommandLine dash = Main.commandLine();
        dash.parseArgs("--config", titles.toString());
        assertThatThrownBy(() -> ((ServeCommand) dash.getCommand()).call()).hasMessage("config file " + titles
                + ", line 2: playlist-log: - (a standard stream) is not offered for the playlist log; name a file");
    }

    @Test
    void theFileMayListSeveralDirectories() throws Exception {
        Path file = Files.writeString(dir.resolve("yp.yaml"), """
                hostname: radio.example.org
                yp-url:
                  - http://dir.xiph.org/cgi-bin/yp-cgi
                  - http://yp.example/cgi
                yp-touch-interval: 300
                """);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        ServerConfig config = ((ServeCommand) line.getCommand()).withConfigFile().config();
        assertThat(config.yp().urls()).containsExactly(URI.create("http://dir.xiph.org/cgi-bin/yp-cgi"),
                URI.create("http://yp.example/cgi"));
        assertThat(config.yp().touchInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.yp().hostname()).isEqualTo("radio.example.org");
    }

    @Test
    void theFileMayTrustReverseProxiesAndAHostNameAmongThemIsReportedWithItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("proxies.yaml"), """
                trusted-proxy:
                  - 127.0.0.1
                  - 10.0.0.0/8
                trusted-proxy-header: x-real-ip
                """);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        ServerConfig config = ((ServeCommand) line.getCommand()).withConfigFile().config();
        assertThat(config.access().trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8");
        assertThat(config.access().proxyHeader()).isEqualTo(ForwardedHeader.X_REAL_IP);
        CommandLine plain = Main.commandLine();
        plain.parseArgs("--trusted-proxy", "127.0.0.1");
        assertThat(((ServeCommand) plain.getCommand()).config().access().proxyHeader()).as("the default")
                .isEqualTo(ForwardedHeader.X_FORWARDED_FOR);

        Path other = Files.writeString(dir.resolve("other.yaml"), "trusted-proxy-header: X-Client-IP\n");
        CommandLine unknown = Main.commandLine();
        unknown.parseArgs("--config", other.toString());
        assertThatThrownBy(() -> ((ServeCommand) unknown.getCommand()).call())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("line 1")
                .hasMessageContaining("trusted-proxy-header must be X-Forwarded-For, Forwarded or X-Real-IP, not x-client-ip");

        Path named = Files.writeString(dir.resolve("named.yaml"),
                "source-password: s3cret\ntrusted-proxy: [proxy.example.org]\n");
        CommandLine wrong = Main.commandLine();
        wrong.parseArgs("--config", named.toString());
        assertThatThrownBy(() -> ((ServeCommand) wrong.getCommand()).call())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("config file " + named + ", line 2: trusted-proxy must be IP addresses or CIDR networks "
                        + "(127.0.0.1, 10.0.0.0/8, 2001:db8::/32), not host names: proxy.example.org");
    }

    @Test
    void aMountTheCommandLineSetsUpTakesTheFilesMountDefaultsLikeTheFilesMounts() throws Exception {
        Path file = Files.writeString(dir.resolve("defaults.yaml"), """
                mount-defaults:
                  "/**":
                    password: default-pw
                    genre: Various
                mounts:
                  /other:
                    genre: Talk
                """);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString(), "--playlist", dir.toString());
        ServerConfig config = ((ServeCommand) line.getCommand()).withConfigFile().config();
        MountConfig live = config.mountSettings("/live");
        assertThat(live.playlist()).isEqualTo(dir);
        assertThat(live.password()).isEqualTo("default-pw");
        assertThat(live.station().genre()).isEqualTo("Various");
        assertThat(config.mountSettings("/other").station().genre()).isEqualTo("Talk");
        assertThat(config.mountSettings("/other").password()).isEqualTo("default-pw");
    }

    @Test
    void anExtraPortIsNumberedAndNotOneOfTheOtherPorts() {
        CommandLine line = Main.commandLine();
        line.parseArgs("--port", "8000", "--extra-port", "80,8080");
        assertThat(((ServeCommand) line.getCommand()).config().extraPorts()).containsExactly(ListenAddress.onPort(80),
                ListenAddress.onPort(8080));
        CommandLine own = Main.commandLine();
        own.parseArgs("--port", "8000", "--extra-port", "127.0.0.1:8000,[::1]:8001");
        assertThat(((ServeCommand) own.getCommand()).config().extraPorts()).as("its own address may share the number")
                .containsExactly(new ListenAddress("127.0.0.1", 8000), new ListenAddress("::1", 8001));
        assertThatThrownBy(() -> Main.commandLine().parseArgs("--extra-port", "::1:8001"))
                .hasMessageContaining("PORT, ADDRESS:PORT or [IPv6]:PORT");
        assertThatThrownBy(() -> Main.commandLine().parseArgs("--extra-port", "localhost:99999"))
                .hasMessageContaining("PORT, ADDRESS:PORT or [IPv6]:PORT");
        CommandLine same = Main.commandLine();
        same.parseArgs("--port", "8000", "--extra-port", "8000");
        assertThatThrownBy(() -> ((ServeCommand) same.getCommand()).config())
                .hasMessage("extra-port: 8000 is already the port, source port or TLS port");
        CommandLine twice = Main.commandLine();
        twice.parseArgs("--extra-port", "80", "--extra-port", "80");
        assertThatThrownBy(() -> ((ServeCommand) twice.getCommand()).config()).hasMessageContaining("given twice");
    }

    @Test
    void httpHeadersComeRepeatedOnTheCommandLineWithCommasInTheirValues() {
        CommandLine line = Main.commandLine();
        line.parseArgs("--http-header", "X-Robots-Tag: noindex", "--http-header", "Cache-Control: no-cache, no-store",
                "--http-header", "503 Retry-After: 30");
        assertThat(((ServeCommand) line.getCommand()).config().httpHeaders()).isEqualTo(new ResponseHeaders(List.of(
                new ResponseHeaders.Header("X-Robots-Tag", "noindex"),
                new ResponseHeaders.Header("Cache-Control", "no-cache, no-store"),
                new ResponseHeaders.Header("Retry-After", "30", 503))));
        CommandLine wrong = Main.commandLine();
        wrong.parseArgs("--http-header", "Transfer-Encoding: chunked");
        assertThatThrownBy(() -> ((ServeCommand) wrong.getCommand()).config())
                .hasMessage("http-headers: Transfer-Encoding is the server's to set");
    }

    @Test
    void httpHeadersComeFromTheEnvironmentUnderEitherNameOverTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("headers.yaml"), """
                http-headers:
                  X-From: file
                """);
        for (String variable : List.of("RELAYCAST_HTTP_HEADER", "RELAYCAST_HTTP_HEADERS")) {
            CommandLine line = Main.commandLine();
            line.setDefaultValueProvider(new EnvironmentDefaults(Map.of(variable, "X-From: environment\nX-Robots-Tag: no")));
            line.parseArgs("--config", file.toString());
            assertThat(((ServeCommand) line.getCommand()).withConfigFile().config().httpHeaders().lines()).as(variable)
                    .containsExactly("X-From: environment", "X-Robots-Tag: no");
        }
    }

    @Test
    void passwordsYamlWouldReadAsNumbersOrYesNoStayAsWrittenAndFlagsTakeYamlsWords() throws Exception {
        Path file = Files.writeString(dir.resolve("passwords.yaml"), """
                source-password: 0123
                admin-password: yes
                relay-password: 1e5
                relays-on-demand: on
                mounts:
                  /live:
                    password: 007
                    hidden: yes
                  /night:
                    password: off
                    shuffle: no
                """);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        ServerConfig config = ((ServeCommand) line.getCommand()).withConfigFile().config();
        assertThat(config.sourcePassword()).isEqualTo("0123");
        assertThat(config.adminPassword()).isEqualTo("yes");
        assertThat(config.relaying().relayPassword()).isEqualTo("1e5");
        assertThat(config.relaying().relaysOnDemand()).isTrue();
        assertThat(config.mounts()).extracting(MountConfig::password).containsExactly("007", "off");
        assertThat(config.mounts()).extracting(MountConfig::hidden).containsExactly(true, false);
    }

    @Test
    void theFileMayFollowAnHttpsMasterOnDemand() throws Exception {
        Path trusted = Files.writeString(dir.resolve("origin.pem"), "a PEM file\n");
        Path file = Files.writeString(dir.resolve("relay.yaml"), """
                master: https://relay:s3cret@origin.example.org:8443
                relays-on-demand: true
                relay-ca: %s
                """.formatted(trusted));
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        ServerConfig config = ((ServeCommand) line.getCommand()).withConfigFile().config();
        assertThat(config.relaying().master()).isEqualTo(URI.create("https://relay:s3cret@origin.example.org:8443"));
        assertThat(config.relaying().relaysOnDemand()).isTrue();
        assertThat(config.relaying().trustedCertificates()).isEqualTo(trusted);
    }

    @Test
    void aValueTheFileGivesWronglyIsReportedWithTheFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("typed.yaml"), """
                source-password: s3cret
                limits:
                  max-listeners: 100
                  queue-size: -5
                port: "abc"
                """);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString(), "--port", "9000");
        assertThatThrownBy(() -> ((ServeCommand) line.getCommand()).withConfigFile())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("config file " + file + ", line 4: Invalid value for option '--queue-size'")
                .hasMessageContaining("size must not be negative: -5");
        Path port = Files.writeString(dir.resolve("port.yaml"), "source-password: s3cret\nport: \"abc\"\n");
        CommandLine again = Main.commandLine();
        again.parseArgs("--config", port.toString());
        assertThatThrownBy(() -> ((ServeCommand) again.getCommand()).withConfigFile())
                .hasMessage("config file " + port + ", line 2: Invalid value for option '--port': 'abc' is not an int");
    }

    @Test
    void aValueOutOfRangeInTheFileIsReportedWithTheFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("range.yaml"), "source-password: s3cret\nheader-timeout: 0\nport: 70000\n");
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString(), "--header-timeout", "5");
        assertThatThrownBy(() -> ((ServeCommand) line.getCommand()).call())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("config file " + file + ", line 3: port must be between 0 and 65535, was 70000");
        CommandLine timeout = Main.commandLine();
        timeout.parseArgs("--config", file.toString(), "--port", "0");
        assertThatThrownBy(() -> ((ServeCommand) timeout.getCommand()).call())
                .hasMessage("config file " + file + ", line 2: header timeout must be positive");
        CommandLine given = Main.commandLine();
        given.parseArgs("--source-password", "s3cret", "--port", "70000");
        assertThatThrownBy(() -> ((ServeCommand) given.getCommand()).call())
                .as("given on the command line: no file to name")
                .hasMessage("port must be between 0 and 65535, was 70000");
    }

    @Test
    void aMisspeltSettingIsReportedWithItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.yaml"), "source-password: s3cret\nmax-listener: 5\n");
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        assertThatThrownBy(() -> ((ServeCommand) line.getCommand()).withConfigFile())
                .hasMessage("config file " + file + ", line 2: unknown setting 'max-listener'");
    }

    @Test
    void aDeclaredFormatComesFromTheFileOrFromTheCommandLineForTheMountGiven() throws Exception {
        Path file = Files.writeString(dir.resolve("f.yaml"), """
                mounts:
                  /live:
                    sample-rate: 48000
                  /other:
                    playlist: b
                """);
        CommandLine given = Main.commandLine();
        given.parseArgs("--config", file.toString(), "--mount", "/other", "--channels", "mono");
        List<MountConfig> mounts = ((ServeCommand) given.getCommand()).withConfigFile().config().mounts();
        assertThat(mounts).extracting(MountConfig::format)
                .containsExactly(new SampleFormat(48_000, 2), new SampleFormat(44_100, 1));
        assertThat(mounts.get(1).playlist()).as("--channels keeps the file's other settings of the mount")
                .isEqualTo(dir.resolve("b"));

        CommandLine alone = Main.commandLine();
        alone.parseArgs("--sample-rate", "22050", "--channels", "2");
        assertThat(((ServeCommand) alone.getCommand()).config().mounts())
                .containsExactly(MountConfig.of(MountConfig.DEFAULT_MOUNT).withFormat(new SampleFormat(22_050, 2)));

        CommandLine wrong = Main.commandLine();
        wrong.parseArgs("--sample-rate", "44.1");
        assertThatThrownBy(() -> ((ServeCommand) wrong.getCommand()).config())
                .hasMessage("sample-rate must be a number of Hz " + SampleFormat.SAMPLE_RATES + ": 44.1");
    }

    @Test
    void conformComesFromTheFileOrFromTheCommandLineForTheMountGiven() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), """
                mounts:
                  /live:
                    playlist: a
                    conform: true
                  /other:
                    playlist: b
                """);
        CommandLine fromFile = Main.commandLine();
        fromFile.parseArgs("--config", file.toString());
        assertThat(((ServeCommand) fromFile.getCommand()).withConfigFile().config().mounts())
                .extracting(MountConfig::conform).containsExactly(true, false);

        CommandLine given = Main.commandLine();
        given.parseArgs("--config", file.toString(), "--mount", "/other", "--conform");
        List<MountConfig> mounts = ((ServeCommand) given.getCommand()).withConfigFile().config().mounts();
        assertThat(mounts).extracting(MountConfig::conform).containsExactly(true, true);
        assertThat(mounts.get(1).playlist()).as("--conform keeps the file's other settings of the mount")
                .isEqualTo(dir.resolve("b"));

        CommandLine alone = Main.commandLine();
        alone.parseArgs("--conform");
        assertThat(((ServeCommand) alone.getCommand()).config().mounts())
                .containsExactly(MountConfig.of(MountConfig.DEFAULT_MOUNT).withConform(true));
    }

    @Test
    void aMountsQueueSizeIsItsOwnAndMustHoldTheBurstItsListenersGet() throws Exception {
        Path file = Files.writeString(dir.resolve("q.yaml"), """
                queue-size: 1m
                mounts:
                  /shallow:
                    queue-size: 32k
                    burst-size: 16k
                  /deep:
                    queue-size: 4m
                  /plain:
                mount-defaults:
                  /dj-*:
                    queue-size: 256k
                """);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        ServerConfig config = ((ServeCommand) line.getCommand()).withConfigFile().config();
        assertThat(config.mounts()).extracting(mount -> mount.listeners().queueSizeOr(config.queueSize()))
                .containsExactly(32L * 1024, 4L * 1024 * 1024, 1024L * 1024);
        assertThat(config.mountSettings("/dj-anna").listeners().queueSize()).isEqualTo(256L * 1024);

        assertThat(refusal("mounts:\n  /live:\n    queue-size: 32k\n")).as("the server's 64 KiB burst does not fit")
                .contains("mount /live: burst size (65536 bytes) must not exceed queue size (32768)");
        assertThat(refusal("queue-size: 32k\nburst-size: 16k\nmounts:\n  /live:\n    burst-size: 64k\n"))
                .as("nor does the mount's own in the server's queue")
                .contains("mount /live: burst size (65536 bytes) must not exceed queue size (32768)");
        assertThat(refusal("mount-defaults:\n  /dj-*:\n    queue-size: 32k\n"))
                .contains("mount /dj-*: burst size (65536 bytes) must not exceed queue size (32768)");
        assertThat(refusal("mounts:\n  /live:\n    queue-size: 8k\n    burst-size: 4k\n"))
                .contains("mounts./live: queue size must be at least 16 KiB, was 8192");
        assertThat(refusal("mounts:\n  /live:\n    queue-size: deep\n"))
                .contains("mounts./live: queue-size must be bytes (524288, 512k, 1m): deep");
    }

    /** Why the server refuses the config file {@code yaml}. */
    private String refusal(String yaml) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "refused", ".yaml"), yaml);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        ServeCommand command = line.getCommand();
        try {
            command.withConfigFile().config();
        } catch (IllegalArgumentException | CommandLine.ParameterException refused) {
            return refused.getMessage();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void aDirectoryOrMasterSettingTheCheckRefusesIsNamedWithItsLine() throws Exception {
        assertThat(startRefusal("often.yaml", "yp-touch-interval: 10"))
                .startsWith(", line 2: yp-touch-interval must be at least 30");
        assertThat(startRefusal("ftp.yaml", "master: ftp://origin.example.org"))
                .startsWith(", line 2: master must be an http:// or https:// URL");
    }

    /** What starting on a file of a source password and {@code setting} says, after "config file FILE" (with its line). */
    private String startRefusal(String name, String setting) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "source-password: s3cret\n" + setting + "\n");
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        return catchThrowable(() -> ((ServeCommand) line.getCommand()).call()).getMessage().replace("config file " + file, "");
    }
}
