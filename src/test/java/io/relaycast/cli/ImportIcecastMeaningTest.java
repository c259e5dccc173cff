package io.relaycast.cli;

import static io.relaycast.cli.ImportIcecastRun.loaded;
import static io.relaycast.cli.ImportIcecastRun.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.relaycast.config.ListenAddress;
import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code relaycast import-icecast} keeps what Icecast 2.4's cfgfile.c makes of a file: elements given more than once,
 * the older spellings it still reads, and the settings of a default mount it does not merge into a mount's own.
 */
class ImportIcecastMeaningTest {

    @TempDir
    Path dir;

    private final ImportIcecastRun importIcecast = new ImportIcecastRun();

    @Test
    void eachDirectoryBlockIsOneMoreDirectoryAndATimeoutTheBlocksDoNotShareIsSaid() throws Exception {
        Path output = converted("""
                <icecast>
                    <hostname>radio.example.org</hostname>
                    <directory>
                        <yp-url-timeout>15</yp-url-timeout>
                        <yp-url>http://dir.xiph.org/cgi-bin/yp-cgi</yp-url>
                    </directory>
                    <directory>
                        <yp-url-timeout>30</yp-url-timeout>
                        <yp-url>http://yp.example.org/cgi-bin/yp-cgi</yp-url>
                    </directory>
                </icecast>
                """);
        assertThat(yaml(output).get("yp-url")).extracting(JsonNode::asText)
                .as("one directory a <directory>, as Icecast counts them")
                .containsExactly("http://dir.xiph.org/cgi-bin/yp-cgi", "http://yp.example.org/cgi-bin/yp-cgi");
        assertThat(loaded(output).yp().urls()).hasSize(2);
        assertThat(Files.readString(output)).contains("#   <directory><yp-url-timeout>30: relaycast has one yp-url-timeout "
                + "for every directory: 15");
    }

    @Test
    void aShoutcastMountRelaycastHasNoPortForIsSaidNotDropped() throws Exception {
        Path output = converted("""
                <icecast>
                    <listen-socket><port>8000</port></listen-socket>
                    <listen-socket><port>8010</port><shoutcast-mount>/dj</shoutcast-mount></listen-socket>
                </icecast>
                """);
        JsonNode config = yaml(output);
        assertThat(config.get("extra-port")).extracting(JsonNode::asText).containsExactly("8010");
        assertThat(config.has("shoutcast-mount")).as("relaycast's SHOUTcast port would be 8001, not 8011").isFalse();
        assertThat(Files.readString(output)).contains("#   <listen-socket> on port 8010: <shoutcast-mount>/dj: Icecast takes "
                + "SHOUTcast v1 sources for it on the port above 8010");

        Path tls = Files.writeString(dir.resolve("tls.xml"), """
                <icecast>
                    <listen-socket><port>8000</port></listen-socket>
                    <listen-socket><port>8443</port><ssl>1</ssl><shoutcast-mount>/tls-dj</shoutcast-mount></listen-socket>
                </icecast>
                """);
        importIcecast.run(tls.toString());
        assertThat(importIcecast.out.toString()).as("not on 8001").doesNotContain("shoutcast-mount: /tls-dj")
                .contains("#   <listen-socket> on port 8443: <shoutcast-mount>/tls-dj: Icecast takes SHOUTcast v1 sources");
    }

    @Test
    void aDefaultMountsLoginCoversOnlyTheMountsWithoutAMountOfTheirOwnAsInIcecast() throws Exception {
        Path output = converted("""
                <icecast>
                    <mount><mount-name>/open</mount-name><stream-name>Open</stream-name></mount>
                    <mount><mount-name>/members</mount-name><authentication type="htpasswd">
                        <option name="filename" value="/etc/icecast2/members.htpasswd"/>
                    </authentication></mount>
                    <mount type="default"><genre>Various</genre><authentication type="url">
                        <option name="listener_add" value="https://backend.example.org/listener_add"/>
                        <option name="stream_auth" value="https://backend.example.org/stream_auth"/>
                        <option name="allow_duplicate_users" value="0"/>
                    </authentication></mount>
                </icecast>
                """);
        ServerConfig converted = loaded(output);
        ListenerAuth open = converted.mountSettings("/open").listeners().auth();
        assertThat(open.isOpen()).as("Icecast 2.4 merges no <authentication> of a default mount").isTrue();
        assertThat(open.duplicateUsers()).isTrue();
        assertThat(converted.mountSettings("/open").sourceAuthUrl()).isNull();
        assertThat(converted.mountSettings("/open").station().genre()).as("what it does merge").isEqualTo("Various");
        assertThat(converted.mountSettings("/members").listeners().auth().addUrl()).as("its own login only").isNull();
        assertThat(converted.mountSettings("/members").sourceAuthUrl()).isNull();
        assertThat(converted.mountSettings("/unlisted").listeners().auth().addUrl()).as("a mount with no <mount> of its own")
                .hasToString("https://backend.example.org/listener_add");
        assertThat(Files.readString(output)).contains("#   <mount> /open: the <authentication> of <mount type=\"default\"> "
                + "/**: not taken, as in Icecast 2.4");
    }

    @Test
    void theOlderSpellingsIcecast24StillReadsAreCarriedOverAsTheNewerOnes() throws Exception {
        Path output = converted("""
                <icecast>
                    <port>8010</port>
                    <bind-address>127.0.0.1</bind-address>
                    <source-password>old-style</source-password>
                    <paths><alias source="/" dest="/live"/></paths>
                </icecast>
                """);
        ServerConfig converted = loaded(output);
        assertThat(converted.port()).isEqualTo(8010);
        assertThat(converted.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(converted.sourcePassword()).isEqualTo("old-style");
        assertThat(converted.aliases().pairs()).containsExactly("/=/live");
        assertThat(Files.readString(output)).doesNotContain("Not carried over");

        Path both = converted("""
                <icecast>
                    <port>8010</port>
                    <authentication><source-password>newer</source-password></authentication>
                    <listen-socket><port>8000</port></listen-socket>
                    <source-password>last</source-password>
                </icecast>
                """);
        assertThat(loaded(both).port()).as("Icecast listens on its <listen-socket>s only").isEqualTo(8000);
        assertThat(loaded(both).sourcePassword()).as("the last in the file, as Icecast reads it").isEqualTo("last");
        assertThat(Files.readString(both)).contains("#   <port>8010: ");
    }

    @Test
    void aFurtherSocketWithoutAnAddressListensOnEveryAddressAsInIcecastNotOnTheFirstSocketsAddress() throws Exception {
        Path output = converted("""
                <icecast>
                    <listen-socket><port>8000</port><bind-address>127.0.0.1</bind-address></listen-socket>
                    <listen-socket><port>8010</port></listen-socket>
                    <listen-socket><port>8001</port><shoutcast-compat>1</shoutcast-compat></listen-socket>
                </icecast>
                """);
        assertThat(loaded(output).extraPorts()).containsExactly(new ListenAddress("0.0.0.0", 8010));
        assertThat(Files.readString(output)).contains("#   <listen-socket><shoutcast-compat> on port 8001: without "
                + "<bind-address> Icecast listens there on every address; relaycast on bind (127.0.0.1)");

        Path tls = Files.writeString(dir.resolve("tls.xml"), """
                <icecast>
                    <listen-socket><port>8443</port><ssl>1</ssl></listen-socket>
                    <listen-socket><port>8000</port><bind-address>127.0.0.1</bind-address></listen-socket>
                </icecast>
                """);
        importIcecast.run(tls.toString());
        assertThat(importIcecast.out.toString()).contains("#   <listen-socket> on port 8443: without <bind-address> Icecast "
                + "listens there on every address; relaycast on bind (127.0.0.1)");
    }

    @Test
    void onlyTheLastYpUrlOfADirectoryBlockIsKeptAsIcecastKeepsIt() throws Exception {
        Path output = converted("""
                <icecast><hostname>radio.example.org</hostname><directory>
                    <yp-url>http://dir.xiph.org/cgi-bin/yp-cgi</yp-url>
                    <yp-url>http://yp.example.org/cgi-bin/yp-cgi</yp-url>
                </directory></icecast>
                """);
        assertThat(yaml(output).get("yp-url")).extracting(JsonNode::asText)
                .containsExactly("http://yp.example.org/cgi-bin/yp-cgi");
        assertThat(Files.readString(output)).contains("#   <directory><yp-url>http://dir.xiph.org/cgi-bin/yp-cgi: Icecast "
                + "keeps the last <yp-url> of a <directory>");
    }

    @Test
    void aMountsOwnHeadersAreAddedToThoseOfItsDefaultMountAsIcecastMergesThem() throws Exception {
        Path output = converted("""
                <icecast>
                    <mount><mount-name>/live</mount-name><http-headers>
                        <header name="X-Stream" value="live"/>
                        <header name="Cache-Control" value="no-store"/>
                    </http-headers></mount>
                    <mount type="default"><http-headers>
                        <header name="Access-Control-Allow-Origin" value="*"/>
                        <header name="Cache-Control" value="max-age=60"/>
                    </http-headers></mount>
                </icecast>
                """);
        assertThat(loaded(output).mountSettings("/live").listeners().headers().lines())
                .containsExactlyInAnyOrder("X-Stream: live", "Cache-Control: no-store", "Access-Control-Allow-Origin: *");
    }

    @Test
    void aMasterWithoutItsPasswordOrPortIsLeftOutAsIcecastNeverFollowsIt() throws Exception {
        Path noPort = converted("""
                <icecast>
                    <master-server>origin.example.org</master-server>
                    <master-password>relay pw</master-password>
                </icecast>
                """);
        assertThat(yaml(noPort).has("master")).isFalse();
        assertThat(Files.readString(noPort)).contains("#   <master-server>origin.example.org: without <master-server-port> "
                + "and <master-password> Icecast follows no master");
        Path noPassword = converted("""
                <icecast>
                    <master-server>origin.example.org</master-server>
                    <master-server-port>8000</master-server-port>
                </icecast>
                """);
        assertThat(loaded(noPassword).relaying().master()).isNull();
    }

    @Test
    void aShoutcastMountOutsideAnySocketOpensNoShoutcastPortAsItOnlyNamesTheCompatSocketsMount() throws Exception {
        Path output = converted("""
                <icecast>
                    <shoutcast-mount>/dj</shoutcast-mount>
                    <listen-socket><port>8000</port></listen-socket>
                </icecast>
                """);
        assertThat(loaded(output).shoutcastMount()).isNull();
        Path compat = converted("""
                <icecast>
                    <shoutcast-mount>/dj</shoutcast-mount>
                    <listen-socket><port>8000</port></listen-socket>
                    <listen-socket><port>8001</port><shoutcast-compat>1</shoutcast-compat></listen-socket>
                </icecast>
                """);
        assertThat(loaded(compat).shoutcastMount()).isEqualTo("/dj");
    }

    @Test
    void aShoutcastPortThatIsAlsoAnExtraPortIsRefusedAtTheConfigCheck() throws Exception {
        Path config = Files.writeString(dir.resolve("clash.yaml"), "port: 8000\nextra-port: [8001]\nshoutcast-mount: /dj\n");
        assertThatThrownBy(() -> loaded(config)).hasMessageContaining("the SHOUTcast port 8001 (the port above 8000) is "
                + "also an extra port");
    }

    @Test
    void fallbackWhenFullWithoutAFallbackMountIsDroppedWithANoteAsIcecastOnlyWarns() throws Exception {
        Path output = converted("""
                <icecast>
                    <mount><mount-name>/live</mount-name><fallback-when-full>1</fallback-when-full></mount>
                    <mount><mount-name>/covered</mount-name><fallback-when-full>1</fallback-when-full></mount>
                    <mount type="default"><mount-name>/cov*</mount-name><fallback-mount>/backup</fallback-mount></mount>
                </icecast>
                """);
        ServerConfig converted = loaded(output);
        assertThat(yaml(output).get("mounts").get("/live").has("fallback-when-full")).isFalse();
        assertThat(converted.mountSettings("/covered").listeners().overflowMount()).isEqualTo("/backup");
        assertThat(Files.readString(output)).contains("#   <mount> /live: <fallback-when-full>: no <fallback-mount> to send "
                + "the listeners of a full mount to");
    }

    @Test
    void aRefusalInStandardOutputModeNamesNoDeletedTemporaryFile() throws Exception {
        Path xml = Files.writeString(dir.resolve("odd.xml"), "<icecast><mount><mount-name>/live</mount-name>"
                + "<max-listeners>-5</max-listeners></mount></icecast>");
        assertThat(importIcecast.run(xml.toString())).isEqualTo(1);
        assertThat(importIcecast.err.toString()).contains("max-listeners must be 0 or more")
                .doesNotContain("relaycast-import").doesNotContain(System.getProperty("java.io.tmpdir"));
    }

    @Test
    void burstOnConnectAndBurstSizeApplyInTheFilesOrderAsIcecastReadsThem() throws Exception {
        Path sizeLast = converted("""
                <icecast><limits><burst-on-connect>0</burst-on-connect><burst-size>65536</burst-size></limits></icecast>
                """);
        assertThat(yaml(sizeLast).get("burst-size").asText()).isEqualTo("65536");
        Path offLast = converted("""
                <icecast><limits><burst-size>65536</burst-size><burst-on-connect>0</burst-on-connect></limits></icecast>
                """);
        assertThat(yaml(offLast).get("burst-size").asText()).isEqualTo("0");
    }

    @Test
    void aFallbackFileOfADefaultMountIsSaidNotSilentlyPlayedAsSilence() throws Exception {
        Files.write(dir.resolve("offline.mp3"), new byte[] {1});
        Path output = converted("""
                <icecast>
                    <mount type="default"><fallback-mount>/offline.mp3</fallback-mount></mount>
                    <paths><webroot>%s</webroot></paths>
                </icecast>
                """.formatted(dir));
        assertThat(Files.readString(output)).contains("#   <mount type=\"default\"> /**: <fallback-mount>/offline.mp3: a file "
                + "in <webroot>");
    }

    @Test
    void urlAuthenticationKeepsItsLoginWhenOnlyTheQueryHoldsAnAt() throws Exception {
        Path output = converted("""
                <icecast><mount><mount-name>/live</mount-name><authentication type="url">
                    <option name="listener_add" value="https://backend.example.org/add?contact=ops@example.org"/>
                    <option name="stream_auth" value="https://me@backend.example.org/auth"/>
                    <option name="username" value="icecast"/>
                    <option name="password" value="s3cret"/>
                </authentication></mount></icecast>
                """);
        JsonNode live = yaml(output).get("mounts").get("/live");
        assertThat(live.get("listener-add-url").asText())
                .isEqualTo("https://icecast:s3cret@backend.example.org/add?contact=ops@example.org");
        assertThat(live.get("source-auth-url").asText()).isEqualTo("https://me@backend.example.org/auth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"})
    void anSslCertificateWhoseKeyHttpsCannotReadIsSaidWithTheCommandThatConvertsIt(String label) throws Exception {
        Path pem = Files.writeString(dir.resolve("icecast.pem"), "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----\n"
                + "-----BEGIN " + label + "-----\nMIIE\n-----END " + label + "-----\n");
        Path output = converted("<icecast><paths><ssl-certificate>" + pem + "</ssl-certificate></paths></icecast>");
        assertThat(yaml(output).get("tls-certificate").asText()).isEqualTo(pem.toString());
        assertThat(Files.readString(output)).contains("#   <paths><ssl-certificate>" + pem + ": holds an " + label
                + ", which relaycast's HTTPS cannot read as it is: convert the key with openssl pkcs8 -topk8 -nocrypt -in "
                + pem + " -out key-pkcs8.pem");
    }

    @Test
    void anSslCertificateWithAnIcecastStyleRsaKeyIsCarriedOverWithoutANote() throws Exception {
        Path pem = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----\n"
                + "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
        Path output = converted("<icecast><paths><ssl-certificate>" + pem + "</ssl-certificate></paths></icecast>");
        assertThat(Files.readString(output)).doesNotContain("ssl-certificate");
    }

    private Path converted(String icecastXml) throws Exception {
        Path xml = Files.writeString(Files.createTempFile(dir, "icecast", ".xml"), icecastXml);
        Path output = Path.of(xml.toString().replaceAll("\\.xml$", ".yaml"));
        assertThat(importIcecast.run(xml.toString(), "-o", output.toString())).as(importIcecast.err.toString()).isZero();
        return output;
    }
}
