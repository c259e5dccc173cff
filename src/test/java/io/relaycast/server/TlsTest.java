package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.relaycast.config.AccessLists;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.TlsSettings;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Programs;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.ReverseProxy;
import io.relaycast.testing.SelfSignedCertificate;
import io.relaycast.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS port with real TLS clients: curl reads the status and a playlist that points back at HTTPS, ffmpeg plays a
 * mount and streams a source over TLS, and the plain port goes on as before. A client that does not speak TLS to it,
 * and a certificate that cannot be used, are clear failures that cost nothing else.
 */
class TlsTest {

    @TempDir
    static Path dir;
    static Path certificate;
    static Path key;
    static Path combined;
    static Path music;

    @BeforeAll
    static void makeCertificateAndMusic() throws Exception {
        SelfSignedCertificate localhost = SelfSignedCertificate.localhost(dir);
        certificate = localhost.certificate();
        key = localhost.key();
        combined = localhost.combined();
        music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
    }

    private static ServerConfig withTls(TlsSettings tls) {
        return TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/radio", music))).withTls(tls);
    }

    @Test
    void playersAndBrowsersGetTheStreamOverHttpsAndPlainHttpStaysAsItWas() throws Exception {
        try (TestServer server = TestServer.start(withTls(new TlsSettings(0, combined, null)))) {
            int https = server.server().tlsPort();
            assertThat(https).isPositive().isNotEqualTo(server.port());
            Programs.Result status = Programs.run(Duration.ofSeconds(30), "curl", "-sS", "--cacert", certificate.toString(),
                    "https://localhost:" + https + "/status-json.xsl").assertSuccess();
            assertThat(status.stdoutText()).contains("\"listenurl\":\"https://localhost:" + https + "/radio\"");
            Programs.Result playlist = Programs.run(Duration.ofSeconds(30), "curl", "-sS", "--cacert",
                    certificate.toString(), "https://localhost:" + https + "/radio.m3u").assertSuccess();
            assertThat(playlist.stdoutText().lines().toList()).as("a playlist fetched over HTTPS points at HTTPS")
                    .last().isEqualTo("https://localhost:" + https + "/radio");

            // Six seconds: past the 64 KiB join burst, into the turns written as the audio arrives; without ICY
            // metadata, which is where a plain connection would send straight to the socket.
            Path heard = dir.resolve("heard-over-tls.mp3");
            Programs.run(Duration.ofSeconds(30), "ffmpeg", "-nostdin", "-v", "error", "-y", "-tls_verify", "1", "-ca_file",
                    certificate.toString(), "-icy", "0", "-i", "https://localhost:" + https + "/radio", "-t", "6", "-c", "copy",
                    "-f", "mp3", heard.toString()).assertSuccess();
            assertThat(Ffmpeg.decodeErrors(heard)).isEmpty();
            assertThat(Files.size(heard)).isGreaterThan(88_000);

            try (RawClient plain = RawClient.connect(server.port())) {
                plain.send("GET /radio HTTP/1.0\r\n\r\n");
                assertThat(plain.readHead().status()).isEqualTo(200);
                assertThat(FrameChain.assertChain(FrameChain.wholeFrames(plain.readExactly(32_000)), true))
                        .isGreaterThan(50);
            }
        }
    }

    @Test
    void anEncoderGoesLiveOverTlsWithAKeyInItsOwnFile() {
        try (TestServer server = TestServer.start(withTls(new TlsSettings(0, certificate, key)));
             Programs.Running source = Ffmpeg.liveSource(dir, "icecast://source:" + TestServer.SOURCE_PASSWORD + "@127.0.0.1:"
                     + server.server().tlsPort() + "/secure", 30, 550, "-tls", "1")) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Mount mount = server.context().mounts().find("/secure");
                return mount != null && mount.onAir() == OnAir.LIVE && mount.stats().framesReceived() > 40;
            });
            try (RawClient plain = RawClient.connect(server.port())) {
                plain.send("GET /secure HTTP/1.0\r\n\r\n");
                assertThat(plain.readHead().status()).isEqualTo(200);
                assertThat(FrameChain.assertChain(FrameChain.wholeFrames(plain.readExactly(16_000)), true))
                        .isGreaterThan(25);
            }
        }
    }

    @Test
    void plainHttpOnTheTlsPortIsDroppedAndCostsNothingElse() {
        try (TestServer server = TestServer.start(withTls(new TlsSettings(0, combined, null)));
             RawClient listener = RawClient.connect(server.port())) {
            listener.send("GET /radio HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (RawClient confused = RawClient.connect(server.server().tlsPort())) {
                confused.send("GET /radio HTTP/1.0\r\n\r\n");
                assertThat(confused.closedByServer(5_000)).isTrue();
            }
            assertThat(server.context().listeners().count()).isEqualTo(1);
            assertThat(listener.readExactly(32_000)).hasSize(32_000);
        }
    }

    @Test
    void aCertificateThatCannotBeUsedIsAClearErrorAtStartup() throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        assertThatThrownBy(() -> TestServer.start(withTls(new TlsSettings(0, notACertificate, null))))
                .hasMessageContaining("cannot use the TLS certificate " + notACertificate);
        assertThatThrownBy(() -> new TlsSettings(0, dir.resolve("missing.pem"), null)).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> new TlsSettings(8443, null, null)).hasMessageContaining("needs --tls-certificate");
    }

    @Test
    void behindHaproxyPassingTlsThroughTheProxyHeaderComesBeforeTheHandshake() {
        ServerConfig config = withTls(new TlsSettings(0, combined, null))
                .withAccess(new AccessLists(null, null, List.of("127.0.0.1")));
        try (TestServer server = TestServer.start(config);
             ReverseProxy haproxy = ReverseProxy.haproxy(dir.resolve("passthrough"), server.server().tlsPort());
             LoggedWarnings access = LoggedWarnings.of("relaycast.access")) {
            for (int port : new int[] {haproxy.port(), haproxy.secondPort()}) {
                // curl ends the listener after 2 s (exit 28, a timeout, is what a stream that goes on gives).
                Programs.Result listened = Programs.run(Duration.ofSeconds(30), "curl", "-sS", "-o", "/dev/null",
                        "--max-time", "2", "--interface", "127.0.0.2", "--cacert", certificate.toString(), "--resolve",
                        "localhost:" + port + ":127.0.0.1", "https://localhost:" + port + "/radio");
                assertThat(listened.exitCode()).as(listened.stderrText()).isEqualTo(28);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> access.first(Level.INFO, "127.0.0.2 - - [", "GET /radio")
                    != null);
            assertThat(access.first(Level.INFO, "127.0.0.1 ", "GET /radio")).as("the proxy is nobody's address").isNull();
        }
    }
}
