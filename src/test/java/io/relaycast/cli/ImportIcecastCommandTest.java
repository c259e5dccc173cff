package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.relaycast.config.ListenAddress;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.StationInfo;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.WebClient;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code relaycast import-icecast}: Debian's own icecast.xml and a station's fuller one become config files relaycast
 * starts from, with every setting it has under its own name, and a note for each it has not.
 */
class ImportIcecastCommandTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void debiansIcecastConfigBecomesOneRelaycastStartsFrom() throws Exception {
        assertThat(Path.of("/etc/icecast2/icecast.xml")).as("Debian's icecast2 package (.ci/run installs it)").isReadable();
        assertThat(run("/etc/icecast2/icecast.xml")).as(err.toString()).isZero();
        JsonNode config = YAML.readTree(out.toString());
        assertThat(config.get("source-password").asText()).isEqualTo("hackme");
        assertThat(config.get("max-connections").asInt()).isEqualTo(100);
        assertThat(config.get("burst-size").asText()).isEqualTo("65535");
        assertThat(config.get("port").asInt()).isEqualTo(8000);
        assertThat(config.get("http-headers").get("Access-Control-Allow-Origin").asText()).isEqualTo("*");
        assertThat(config.get("aliases").get("/").asText()).isEqualTo("/status.xsl");
        assertThat(config.get("access-log").asText()).as("Debian's log directory").isEqualTo("/var/log/icecast2/access.log");
        assertThat(config.get("error-log").asText()).isEqualTo("/var/log/icecast2/error.log");
        assertThat(config.get("log-level").asText()).isEqualTo("info");
        assertThat(config.get("location").asText()).isEqualTo("Earth");
        assertThat(config.get("admin-contact").asText()).isEqualTo("icemaster@localhost");
        assertThat(out.toString()).contains("#   <logging><logsize>: relaycast does not rotate its logs itself");
        assertThat(err.toString()).matches("(?s)\\d+ Icecast settings not carried over, listed at the top of the file\\s*");
    }

    @Test
    void aStationsMountsLoginsRelaysAndBackendsAreCarriedOverAndTheServerRunsOnThem() throws Exception {
        Path output = dir.resolve("relaycast.yaml");
        assertThat(run(resource("station.xml"), "-o", output.toString())).as(err.toString()).isZero();
        JsonNode config = YAML.readTree(output.toFile());
        assertThat(config.get("hostname").asText()).isEqualTo("radio.example.org");
        assertThat(config.get("admin-user").asText()).isEqualTo("boss");
        assertThat(config.get("location").asText()).isEqualTo("Dublin");
        assertThat(config.get("admin-contact").asText()).isEqualTo("ops@radio.example.org");
        assertThat(Files.readString(output)).as("a password YAML would read as a number is quoted")
                .contains("source-password: \"0123\"").contains("port: 8000\n");
        assertThat(config.get("yp-url")).extracting(JsonNode::asText).containsExactly("http://yp.example.org/cgi-bin/yp-cgi");
        assertThat(config.get("bind").asText()).isEqualTo("127.0.0.1");
        assertThat(config.get("max-sources").asInt()).isEqualTo(4);
        assertThat(config.get("extra-port")).extracting(JsonNode::asText).as("further <listen-socket>s, one with an address "
                + "of its own").containsExactly("8080", "[::1]:8081");
        JsonNode live = config.get("mounts").get("/live");
        assertThat(live.get("username").asText()).isEqualTo("dj");
        assertThat(live.get("fallback-when-full").asBoolean()).isTrue();
        assertThat(live.get("source-auth-url").asText()).isEqualTo("https://icecast:s3cret@backend.example.org/auth/stream");
        assertThat(live.get("mount-add-url").asText()).isEqualTo("https://icecast:s3cret@backend.example.org/auth/add");
        assertThat(live.get("listener-add-url").asText())
                .isEqualTo("https://icecast:s3cret@backend.example.org/auth/listener_add");
        assertThat(live.get("http-headers").get("X-Stream").asText()).isEqualTo("live");
        assertThat(live.get("metaint").asInt()).isEqualTo(8192);
        assertThat(live.get("intro").asText()).as("Icecast reads intros from its webroot")
                .isEqualTo("/srv/icecast/web/jingles/welcome.mp3");
        assertThat(config.get("web-root").asText()).as("served as Icecast's fileserve does").isEqualTo("/srv/icecast/web/");
        JsonNode members = config.get("mounts").get("/members");
        assertThat(members.get("listener-users").asText()).isEqualTo("/etc/icecast2/members.htpasswd");
        assertThat(members.get("public").asBoolean()).isFalse();
        assertThat(members.get("allow-duplicate-users").asBoolean()).as("allow_duplicate_users 0").isFalse();
        assertThat(members.get("charset").asText()).isEqualTo("CP1251");
        JsonNode defaults = config.get("mount-defaults");
        assertThat(defaults.fieldNames()).toIterable().as("in the file's order: the first that matches applies")
                .containsExactly("/dj-*", "/**");
        assertThat(defaults.get("/dj-*").get("password").asText()).isEqualTo("dj-pw");
        assertThat(defaults.get("/**").get("max-listeners").asInt()).isEqualTo(10);
        JsonNode relay = config.get("mounts").get("/jazz-relay");
        assertThat(relay.get("relay").asText()).isEqualTo("http://puller:pull%20pw@origin.example.org:8080/jazz");
        assertThat(relay.get("relay-on-demand").asBoolean()).isTrue();
        assertThat(Files.readString(output)).contains(
                "<mount> /live: <authentication type=\"url\"> option timelimit_header:",
                "<mount type=\"default\"> /dj-*: <dump-file>: set per mount in relaycast",
                "<mount> /vorbis.ogg: relaycast relays MP3 only",
                "<listen-socket><shoutcast-compat> on port 8001: without <bind-address> Icecast listens there on every "
                        + "address; relaycast on bind (127.0.0.1)",
                "<mount type=\"default\"> /**: <charset>NO-SUCH-CHARSET: no such charset here");
        assertThat(config.get("shoutcast-mount").asText()).as("the SHOUTcast socket one above the port").isEqualTo("/stream");
        assertThat(err.toString()).contains("written to " + output);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", output.toString());
        ServerConfig converted = ((ServeCommand) line.getCommand()).withConfigFile().config();
        assertMountsKeepTheirSettings(converted);
        ServerConfig onFreePorts = converted.withPort(0).withExtraPorts(List.of(ListenAddress.onPort(0)));
        try (RelaycastServer server = new RelaycastServer(onFreePorts, 1).start()) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(WebClient.get("http://127.0.0.1:" + server.extraPorts().get(0) + "/status-json.xsl").body())
                    .as("the extra port serves as the port does").contains("Night Owl Radio");
            HttpResponse<String> status = WebClient.get(base + "/status-json.xsl");
            assertHeadersAndAliasesKeepTheirConditions(converted, status, WebClient.get(base + "/nowhere"));
            assertThat(status.body()).contains("Night Owl Radio").contains("\"location\":\"Dublin\"")
                    .contains("\"admin\":\"ops@radio.example.org\"");
            assertThat(WebClient.get(base + "/").body()).as("aliased to Icecast's status page")
                    .contains("<a href=\"server_version.xsl\">Version</a>").contains("Night Owl Radio");
            assertThat(WebClient.get(base + "/admin/stats", "Authorization", WebClient.basic("boss", "station-admin"))
                    .statusCode()).isEqualTo(200);
        }
    }

    /** The converted file's mounts: each its own settings, those of the first default mount matching it, the server's. */
    private static void assertMountsKeepTheirSettings(ServerConfig converted) {
        assertThat(converted.sourcePassword()).isEqualTo("0123");
        assertThat(converted.sourceTimeout("/live")).as("its own").isEqualTo(Duration.ofSeconds(20));
        assertThat(converted.mountSettings("/live").listeners()).as("its own")
                .extracting(ListenerRules::maxListeners, ListenerRules::queueSize).containsExactly(250, 2_097_152L);
        assertThat(converted.mountSettings("/other").listeners().queueSizeOr(converted.queueSize())).isEqualTo(1_048_576L);
        assertThat(converted.mountSettings("/live").station()).extracting(StationInfo::genre, StationInfo::bitrate)
                .as("its own").containsExactly("Jazz", "96");
        assertThat(converted.mountSettings("/members").station().genre()).as("from the default mount").isEqualTo("Various");
        assertThat(converted.mountSettings("/dj-anna").password()).isEqualTo("dj-pw");
        assertThat(converted.mountSettings("/dj-anna").listeners().maxListeners()).as("the first match only")
                .isEqualTo(MountConfig.NO_LIMIT);
        assertThat(converted.mountSettings("/other").listeners().maxListeners()).isEqualTo(10);
        assertThat(converted.sourceCharset("/members")).isEqualTo(Charset.forName("windows-1251"));
        assertThat(converted.sourceCharset("/other")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(converted.extraPorts()).containsExactly(ListenAddress.onPort(8080),
                ListenAddress.parse("[::1]:8081"));
    }

    /**
     * The station's headers: {@code X-Robots-Tag} on every answer, the others on those of their status only; its aliases:
     * {@code /} to the stream on the IPv6 port, to the status page on the others.
     */
    private static void assertHeadersAndAliasesKeepTheirConditions(ServerConfig converted, HttpResponse<String> ok,
                                                       HttpResponse<String> missing) {
        assertThat(converted.httpHeaders().lines()).as("a status carried over").containsExactly("X-Robots-Tag: noindex",
                "200 X-Only-On-Success: yes", "404 Cache-Control: max-age=60");
        assertThat(converted.aliases().pairs()).containsExactly("[::1]:8081 /=/live", "/=/status.xsl");
        assertThat(ok.headers().firstValue("X-Robots-Tag")).hasValue("noindex");
        assertThat(ok.headers().firstValue("X-Only-On-Success")).hasValue("yes");
        assertThat(ok.headers().allValues("Cache-Control")).doesNotContain("max-age=60");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Robots-Tag")).hasValue("noindex");
        assertThat(missing.headers().firstValue("X-Only-On-Success")).as("only on a 200").isEmpty();
        assertThat(missing.headers().allValues("Cache-Control")).as("only on a 404").containsExactly("max-age=60");
    }

    /**
     * Icecast plays a fallback mount no source feeds from the file of that name in its webroot: the converted mount
     * plays that file in a loop, and the file is still served as a file.
     */
    @Test
    void aFallbackFileInTheWebrootPlaysInALoopWhileNoSourceFeedsIt() throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Path fallbackFile = Ffmpeg.tone(web.resolve("fallback.mp3"), 1.0, 128, 330);
        List<byte[]> loop = TestAudio.frames(fallbackFile);
        Path xml = Files.writeString(dir.resolve("file-fallback.xml"), """
                <icecast>
                    <authentication><source-password>src-pw</source-password></authentication>
                    <listen-socket><port>8000</port></listen-socket>
                    <mount>
                        <mount-name>/live</mount-name>
                        <fallback-mount>/fallback.mp3</fallback-mount>
                        <fallback-override>1</fallback-override>
                    </mount>
                    <paths><webroot>%s</webroot></paths>
                </icecast>
                """.formatted(web));
        Path output = dir.resolve("file-fallback.yaml");
        assertThat(run(xml.toString(), "-o", output.toString())).as(err.toString()).isZero();
        JsonNode live = YAML.readTree(output.toFile()).get("mounts").get("/live");
        assertThat(live.get("playlist").asText()).isEqualTo(fallbackFile.toString());
        assertThat(live.get("fallback-mount").asText()).as("for a source that does feed it").isEqualTo("/fallback.mp3");
        assertThat(Files.readString(output)).contains("a file in <webroot>: the mount plays it in a loop");

        CommandLine line = Main.commandLine();
        line.parseArgs("--config", output.toString());
        ServerConfig converted = ((ServeCommand) line.getCommand()).withConfigFile().config();
        try (RelaycastServer server = new RelaycastServer(converted.withPort(0), 1).start();
             RawClient listener = RawClient.listening(server.port(), "/live")) {
            byte[] heard = FrameChain.wholeFrames(listener.readExactly(3 * TestAudio.concat(loop).length));
            FrameChain.assertChain(heard, false);
            long fromTheFile = TestAudio.frames(Files.write(dir.resolve("heard.mp3"), heard)).stream()
                    .filter(frame -> loop.stream().anyMatch(own -> Arrays.equals(own, frame))).count();
            assertThat(fromTheFile).as("the file's frames, more than once over").isGreaterThan(2L * loop.size() - 4);
            try (RawClient download = RawClient.connect(server.port())) {
                download.send("GET /fallback.mp3 HTTP/1.0\r\n\r\n");
                RawClient.Head head = download.readHead();
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.header("content-length")).isEqualTo(String.valueOf(Files.size(fallbackFile)));
            }
        }
    }

    @Test
    void theWrittenFileHoldsThePasswordsSoOnlyItsOwnerMayReadIt() throws Exception {
        Path output = dir.resolve("private.yaml");
        assertThat(run(resource("station.xml"), "-o", output.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(output)).contains("station-admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output))).isEqualTo("rw-------");
    }

    @Test
    void aMasterIsFollowedWithItsLoginAndAnOutputFileIsNeverOverwritten() throws Exception {
        Path xml = Files.writeString(dir.resolve("slave.xml"), """
                <icecast>
                    <master-server>origin.example.org</master-server>
                    <master-server-port>8443</master-server-port>
                    <master-password>relay pw</master-password>
                    <master-update-interval>60</master-update-interval>
                    <relays-on-demand>1</relays-on-demand>
                </icecast>
                """);
        assertThat(run(xml.toString())).isZero();
        JsonNode config = YAML.readTree(out.toString());
        assertThat(config.get("master").asText()).isEqualTo("http://relay:relay%20pw@origin.example.org:8443");
        assertThat(config.get("master-update-interval").asInt()).isEqualTo(60);
        assertThat(config.get("relays-on-demand").asBoolean()).isTrue();

        Path existing = Files.writeString(dir.resolve("existing.yaml"), "port: 9000\n");
        assertThat(run(xml.toString(), "-o", existing.toString())).isEqualTo(1);
        assertThat(Files.readString(existing)).isEqualTo("port: 9000\n");
    }

    @Test
    void eachRelayIsOnDemandAsTheGlobalRelaysOnDemandSaysUnlessItSaysOtherwiseAsInIcecast() throws Exception {
        Path xml = Files.writeString(dir.resolve("relays.xml"), """
                <icecast>
                    <relays-on-demand>1</relays-on-demand>
                    <relay><server>origin.example.org</server><mount>/default</mount></relay>
                    <relay><server>origin.example.org</server><mount>/always</mount><on-demand>0</on-demand></relay>
                </icecast>
                """);
        assertThat(run(xml.toString())).isZero();
        JsonNode mounts = YAML.readTree(out.toString()).get("mounts");
        assertThat(mounts.get("/default").path("relay-on-demand").asBoolean()).isTrue();
        assertThat(mounts.get("/always").path("relay-on-demand").asBoolean()).isFalse();
    }

    @Test
    void aRelayWithoutAServerPullsFromThisMachineAsInIcecast() throws Exception {
        Path xml = Files.writeString(dir.resolve("local-relay.xml"), """
                <icecast>
                    <relay><port>8001</port><mount>/main</mount><local-mount>/copy</local-mount></relay>
                </icecast>
                """);
        assertThat(run(xml.toString())).isZero();
        JsonNode mounts = YAML.readTree(out.toString()).get("mounts");
        assertThat(mounts).isNotNull();
        assertThat(mounts.get("/copy").get("relay").asText()).isEqualTo("http://127.0.0.1:8001/main");
    }

    @Test
    void theLogsAreCarriedOverInTheLogDirectoryWithTheirLevelAndADashStaysAStandardStream() throws Exception {
        Path xml = Files.writeString(dir.resolve("logs.xml"), """
                <icecast>
                    <logging>
                        <accesslog>access.log</accesslog>
                        <errorlog>error.log</errorlog>
                        <playlistlog>playlist.log</playlistlog>
                        <loglevel>4</loglevel>
                        <logarchive>1</logarchive>
                    </logging>
                    <paths><logdir>/srv/radio/logs/</logdir></paths>
                </icecast>
                """);
        assertThat(run(xml.toString())).isZero();
        JsonNode config = YAML.readTree(out.toString());
        assertThat(config.get("playlist-log").asText()).as("in <logdir>, where Icecast writes it")
                .isEqualTo("/srv/radio/logs/playlist.log");
        assertThat(config.get("access-log").asText()).isEqualTo("/srv/radio/logs/access.log");
        assertThat(config.get("error-log").asText()).isEqualTo("/srv/radio/logs/error.log");
        assertThat(config.get("log-level").asText()).isEqualTo("debug");
        assertThat(out.toString()).contains("#   <logging><logarchive>: relaycast does not rotate its logs itself")
                .doesNotContain("<logdir>");

        Path debian = Files.writeString(dir.resolve("debian.xml"), """
                <icecast><logging><playlistlog>titles.log</playlistlog></logging></icecast>
                """);
        assertThat(run(debian.toString())).isZero();
        assertThat(YAML.readTree(out.toString()).get("playlist-log").asText()).as("Debian's log directory")
                .isEqualTo("/var/log/icecast2/titles.log");
        assertThat(out.toString()).doesNotContain("<logging>");

        Path docker = Files.writeString(dir.resolve("docker.xml"), """
                <icecast><logging><accesslog>-</accesslog><errorlog>-</errorlog><playlistlog>-</playlistlog>
                <loglevel>loud</loglevel></logging></icecast>
                """);
        assertThat(run(docker.toString())).isZero();
        assertThat(out.toString()).as("standard streams, relaycast's default")
                .doesNotContainPattern("(?m)^(access|error|playlist)-log:")
                .contains("#   <logging><playlistlog>: relaycast writes the playlist log to a file only")
                .contains("#   <logging><loglevel>: 'loud' is not one of Icecast's levels 1 to 4");
    }

    @Test
    void icecastKhsDropExistingListenerIsCarriedOverWhereEachUserListensOnce() throws Exception {
        Path xml = Files.writeString(dir.resolve("kh.xml"), """
                <icecast>
                    <mount><mount-name>/members</mount-name><authentication type="htpasswd">
                        <option name="filename" value="/etc/icecast2/members.htpasswd"/>
                        <option name="allow_duplicate_users" value="0"/>
                        <option name="drop_existing_listener" value="1"/>
                    </authentication></mount>
                    <mount><mount-name>/friends</mount-name><authentication type="htpasswd">
                        <option name="filename" value="/etc/icecast2/friends.htpasswd"/>
                        <option name="drop_existing_listener" value="1"/>
                    </authentication></mount>
                </icecast>
                """);
        assertThat(run(xml.toString())).as(err.toString()).isZero();
        JsonNode mounts = YAML.readTree(out.toString()).get("mounts");
        assertThat(mounts.get("/members").get("drop-existing-listener").asBoolean()).isTrue();
        assertThat(mounts.get("/friends").has("drop-existing-listener")).as("duplicates allowed: nothing to drop, as in "
                + "Icecast-KH").isFalse();
        assertThat(out.toString()).doesNotContain("drop_existing_listener");
    }

    @Test
    void aQueueSmallerThanItsBurstIsRaisedToTheBurstIcecastKeepsAnyway() throws Exception {
        Path xml = Files.writeString(dir.resolve("queues.xml"), """
                <icecast>
                    <limits><queue-size>8192</queue-size><burst-size>4096</burst-size></limits>
                    <mount><mount-name>/live</mount-name><queue-size>65536</queue-size><burst-size>131072</burst-size></mount>
                    <mount><mount-name>/big-burst</mount-name><burst-size>262144</burst-size></mount>
                    <mount><mount-name>/roomy</mount-name><queue-size>1048576</queue-size></mount>
                    <mount type="default"><queue-size>20000</queue-size></mount>
                </icecast>
                """);
        assertThat(run(xml.toString())).as("relaycast takes the file: " + err).isZero();
        JsonNode config = YAML.readTree(out.toString());
        assertThat(config.get("queue-size").asLong()).as("relaycast's smallest").isEqualTo(16_384);
        JsonNode mounts = config.get("mounts");
        assertThat(mounts.get("/live").get("queue-size").asLong()).as("its own burst").isEqualTo(131_072);
        assertThat(mounts.get("/big-burst").get("queue-size").asLong()).as("its own burst, over the server's queue")
                .isEqualTo(262_144);
        assertThat(mounts.get("/roomy").get("queue-size").asLong()).as("as it was").isEqualTo(1_048_576);
        assertThat(config.get("mount-defaults").get("/**").get("queue-size").asLong()).as("as it was").isEqualTo(20_000);
        assertThat(out.toString()).contains(
                "#   <limits>: <queue-size>8192: relaycast keeps at least 16 KiB: queue-size is 16384",
                "#   <mount> /live: <queue-size>65536: smaller than the burst (131072 bytes), which Icecast keeps anyway: "
                        + "queue-size is 131072",
                "#   <mount> /big-burst: <queue-size>16384: smaller than the burst (262144 bytes)")
                .doesNotContain("/roomy: <queue-size>").doesNotContain("/**: <queue-size>");
    }

    @Test
    void whatIsNotAnIcecastConfigIsRefusedSayingWhy() throws Exception {
        Path other = Files.writeString(dir.resolve("other.xml"), "<config><port>8000</port></config>");
        assertThat(run(other.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("is not an Icecast config: its root element is <config>, not <icecast>");
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<icecast><limits></icecast>");
        assertThat(run(broken.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("is not well-formed XML");
        // An entity that would read a local file is not followed: the DTD is refused.
        Path entity = Files.writeString(dir.resolve("entity.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE icecast [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <icecast><hostname>&secret;</hostname></icecast>
                """);
        assertThat(run(entity.toString())).isEqualTo(1);
        assertThat(out.toString()).doesNotContain("root:");
        assertThat(run(dir.resolve("missing.xml").toString())).isEqualTo(1);
    }

    @Test
    void aValueRelaycastWouldRefuseIsWrittenAndSaid() throws Exception {
        Path xml = Files.writeString(dir.resolve("odd.xml"), """
                <icecast><listen-socket><port>99999</port></listen-socket></icecast>
                """);
        assertThat(run(xml.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("port: 99999");
        assertThat(err.toString()).contains("relaycast would refuse this config: ").contains("port must be between 0 and 65535");
    }

    private int run(String... args) {
        return ImportIcecastRun.run(out, err, args);
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(ImportIcecastCommandTest.class.getResource("/icecast/" + name).toURI()).toString();
    }
}
