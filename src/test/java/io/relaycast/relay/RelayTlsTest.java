package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.relaycast.testing.RelayedMounts.assertHearsFrames;
import static io.relaycast.testing.RelayedMounts.awaitRelayed;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.config.Relaying;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.TlsSettings;
import io.relaycast.mount.Mount;
import io.relaycast.testing.Capture;
import io.relaycast.testing.DecodedAudio;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.FreePorts;
import io.relaycast.testing.Icecast;
import io.relaycast.testing.IcyDemux;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.SelfSignedCertificate;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relays of an origin that serves HTTPS: a mount pulled from an {@code https://} URL (of relaycast, or of Icecast 2.4 with
 * an {@code <ssl>} listen socket) and a master followed over {@code https://} play the origin's audio when its certificate
 * is trusted, and an origin whose certificate is not trusted, or names another host, is never played from, with a
 * warning that says why, while the relay's own listener stays served.
 */
class RelayTlsTest {

    private static final String RELAY_PASSWORD = "relay-secret";

    @TempDir
    static Path dir;
    /** The origin's certificate, for localhost. */
    static SelfSignedCertificate origin;
    /** A certificate of another host, which the origin might serve by mistake. */
    static SelfSignedCertificate otherHost;
    static Path music;

    private LoggedWarnings logged;

    @BeforeEach
    void capture() {
        logged = LoggedWarnings.of(RelayPuller.class);
    }

    @AfterEach
    void release() {
        logged.close();
    }

    @BeforeAll
    static void makeCertificatesAndMusic() throws Exception {
        origin = SelfSignedCertificate.localhost(dir);
        otherHost = SelfSignedCertificate.make(dir, "radio.example.org", "DNS:radio.example.org");
        music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
    }

    /** An origin with /radio on its playlist, over plain HTTP and over HTTPS with {@code keyAndCertificate}. */
    private static TestServer origin(Path keyAndCertificate) {
        return TestServer.start(TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/radio", music)))
                .withRelaying(new Relaying(null, null, Relaying.DEFAULT_RELAY_USER, RELAY_PASSWORD))
                .withTls(new TlsSettings(0, keyAndCertificate, null)));
    }

    private static ServerConfig relayOf(String url, Path trusted) {
        return TestServer.config().withMounts(List.of(
                        MountConfig.builder("/relayed").relay(URI.create(url)).build()))
                .withRelaying(new Relaying(null, null, null, null, trusted, false));
    }

    @Test
    void aMountPulledFromAnHttpsOriginPlaysItsAudio() throws Exception {
        try (TestServer origin = origin(RelayTlsTest.origin.combined());
             TestServer relay = TestServer.start(relayOf("https://localhost:" + origin.server().tlsPort() + "/radio",
                     RelayTlsTest.origin.certificate()))) {
            Mount relayed = awaitRelayed(relay, "/relayed");
            assertThat(relayed.liveSource().userAgent()).isEqualTo("relay of https://localhost:" + origin.server().tlsPort()
                    + "/radio");
            assertThat(origin.context().mounts().find("/radio").stats().currentListeners()).isEqualTo(1);
            assertHearsFrames(relay, "/relayed");
        }
    }

    @Test
    void aMasterFollowedOverHttpsHasItsMountsRelayed() throws Exception {
        try (TestServer origin = origin(RelayTlsTest.origin.combined());
             TestServer relay = TestServer.start(TestServer.config().withRelaying(new Relaying(
                     URI.create("https://relay:" + RELAY_PASSWORD + "@localhost:" + origin.server().tlsPort()),
                     Duration.ofSeconds(1), null, null, RelayTlsTest.origin.certificate(), false)))) {
            awaitRelayed(relay, "/radio");
            assertHearsFrames(relay, "/radio");
        }
    }

    @Test
    void icecastServingHttpsIsRelayedWithItsAudioAndTitles() throws Exception {
        // Icecast 2.4 (OpenSSL) with an <ssl> listen socket; its source (ffmpeg) streams to its plain port.
        try (Icecast icecast = Icecast.startWithTls(dir, origin.combined());
             Programs.Running source = Ffmpeg.liveSource(dir, icecast.icecastUrl("/x"), 60, 550, "-ice_name", "Ice TLS FM");
             TestServer relay = TestServer.start(relayOf(icecast.httpsUrl("/x"), origin.certificate()))) {
            Mount relayed = awaitRelayed(relay, "/relayed");
            assertThat(relayed.liveSource().userAgent()).isEqualTo("relay of " + icecast.httpsUrl("/x"));
            assertThat(relayed.info().name()).isEqualTo("Ice TLS FM");
            assertThat(WebClient.get(icecast.url("/admin/metadata?mode=updinfo&mount=/x&song=Over%20TLS"),
                    "Authorization", WebClient.basic("admin", Icecast.ADMIN_PASSWORD)).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> "Over TLS".equals(relayed.metadata().title()));
            try (RawClient listener = RawClient.connect(relay.port())) {
                listener.send("GET /relayed HTTP/1.1\r\nHost: x\r\nIcy-MetaData: 1\r\n\r\n");
                int metaint = Integer.parseInt(listener.readHead().header("icy-metaint"));
                try (Capture capture = Capture.of(listener)) {
                    await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > 96_000);
                    List<String> titles = new ArrayList<>();
                    byte[] audio = IcyDemux.audio(capture.data(), metaint, titles);
                    assertThat(titles).contains("StreamTitle='Over TLS';");
                    assertThat(FrameChain.assertChain(audio, true)).isGreaterThan(100);
                    Path heard = Files.write(dir.resolve("heard-from-icecast.mp3"), FrameChain.wholeFrames(audio));
                    assertThat(Ffmpeg.decodeErrors(heard)).as("ffmpeg decode errors").isEmpty();
                    // The source's tone (it peaks near 2760, -21.5 dBFS), not the silence (0) of a mount without one.
                    assertThat(DecodedAudio.ffmpeg(heard).peak()).isGreaterThan(2000);
                }
            }
        }
    }

    @Test
    void anOriginWhoseCertificateIsNotTrustedIsNeverPlayedFrom() throws Exception {
        // Without --relay-ca, only Java's own authorities are trusted, and none of them signed this certificate.
        try (TestServer origin = origin(RelayTlsTest.origin.combined())) {
            String url = "https://localhost:" + origin.server().tlsPort() + "/radio";
            try (TestServer relay = TestServer.start(relayOf(url, null))) {
                assertNeverRelays(relay, url, "PKIX path building failed");
            }
        }
    }

    @Test
    void anOriginWhoseCertificateNamesAnotherHostIsNeverPlayedFrom() throws Exception {
        // Trusted, but it is radio.example.org's: a man in the middle could hold it just as well.
        try (TestServer origin = origin(otherHost.combined())) {
            String url = "https://localhost:" + origin.server().tlsPort() + "/radio";
            try (TestServer relay = TestServer.start(relayOf(url, otherHost.certificate()))) {
                assertNeverRelays(relay, url, "No subject alternative DNS name matching localhost found");
            }
        }
    }

    @Test
    void anHttpsOriginThatIsDownIsSaidToBeUnreachableNotATlsFailure() {
        String url = "https://127.0.0.1:" + FreePorts.pick() + "/radio";
        try (TestServer relay = TestServer.start(relayOf(url, origin.certificate()))) {
            RelayPuller puller = relay.server().relays().get(0);
            await().atMost(Duration.ofSeconds(15)).until(() -> puller.attempts() >= 2
                    && logged.first("relay /relayed <- " + url + ": cannot connect (", "trying again in 2 s") != null);
            assertThat(logged.first("relay /relayed <- " + url, "TLS")).as("no TLS was spoken").isNull();
        }
    }

    @Test
    void unusableTrustSettingsAreClearErrors() throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        assertThatThrownBy(() -> TestServer.start(relayOf("https://localhost:1/radio", notACertificate)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use the certificates to trust for https:// origins, " + notACertificate);
        assertThatThrownBy(() -> new Relaying(null, null, null, null, dir.resolve("missing.pem"), false))
                .hasMessageContaining("missing.pem, cannot be read");
        assertThatThrownBy(() -> MountConfig.builder("/x").relay(URI.create("ftp://h/x")).build())
                .hasMessageContaining("must be an http:// or https:// URL");
    }

    /**
     * Tries and retries, never gets audio, and warns each time with the {@code reason}; its mount's listener is still
     * served (silence) all along.
     */
    private void assertNeverRelays(TestServer relay, String url, String reason) {
        RelayPuller puller = relay.server().relays().get(0);
        try (RawClient listener = RawClient.connect(relay.port())) {
            listener.send("GET /relayed HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                // A second attempt comes only after the first one failed.
                await().atMost(Duration.ofSeconds(15)).until(() -> puller.attempts() >= 2);
                assertThat(puller.connections()).isZero();
                Mount relayed = relay.context().mounts().find("/relayed");
                assertThat(relayed.liveSource()).isNull();
                assertThat(relayed.stats().framesReceived()).isZero();
                assertThat(logged.first("relay /relayed <- " + url + ": TLS with the origin failed (", reason))
                        .as("the warning, with its reason").isNotNull();
                long heard = capture.bytes();
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > heard + 16_000);
            }
        }
    }
}
