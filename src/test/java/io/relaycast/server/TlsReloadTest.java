package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.relaycast.config.ConfigSource;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.TlsSettings;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import io.relaycast.testing.SelfSignedCertificate;
import io.relaycast.testing.TestServer;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A config reload reads the TLS certificate again, as Icecast's does: a certificate renewed in place (certbot) is what
 * the next HTTPS client gets, without a restart; a renewed file that cannot be used leaves the one in use.
 */
class TlsReloadTest {

    @TempDir
    static Path dir;
    static SelfSignedCertificate first;
    static SelfSignedCertificate renewed;

    @BeforeAll
    static void makeTwoCertificates() throws Exception {
        first = SelfSignedCertificate.localhost(Files.createDirectories(dir.resolve("first")));
        renewed = SelfSignedCertificate.localhost(Files.createDirectories(dir.resolve("renewed")));
    }

    @Test
    void aCertificateRenewedInPlaceIsServedToTheNextClientAfterAReload() throws Exception {
        Path served = copy(first.combined(), dir.resolve("served.pem"));
        ServerConfig config = TestServer.config().withTls(new TlsSettings(0, served, null));
        try (RelaycastServer server = new RelaycastServer(config, 2).reloadFrom(() -> config).start()) {
            assertThat(certificateServedBy(server)).isEqualTo(certificateIn(first.certificate()));

            copy(renewed.combined(), served);
            server.reloadConfig();

            assertThat(certificateServedBy(server)).isEqualTo(certificateIn(renewed.certificate()));
        }
    }

    @Test
    void aCertificateRenewedInPlaceIsServedAfterAReloadOfAServerStartedWithoutAConfigFile() throws Exception {
        assertThat(servedAfterRenewalAndReload("served-without-config.pem", null))
                .isEqualTo(certificateIn(renewed.certificate()));
    }

    @Test
    void aCertificateRenewedInPlaceIsServedAfterAReloadThatRejectsTheConfig() throws Exception {
        ConfigSource unreadable = () -> {
            throw new IllegalArgumentException("line 3: mapping values are not allowed here");
        };
        assertThat(servedAfterRenewalAndReload("served-with-bad-config.pem", unreadable))
                .isEqualTo(certificateIn(renewed.certificate()));
    }

    /** Starts on the first certificate, renews it in place and reloads ({@code source} null: no config file). */
    private static BigInteger servedAfterRenewalAndReload(String file, ConfigSource source) throws Exception {
        Path served = copy(first.combined(), dir.resolve(file));
        ServerConfig config = TestServer.config().withTls(new TlsSettings(0, served, null));
        RelaycastServer notStarted = new RelaycastServer(config, 2);
        try (RelaycastServer server = (source == null ? notStarted : notStarted.reloadFrom(source)).start()) {
            copy(renewed.combined(), served);
            server.reloadConfig();
            return certificateServedBy(server);
        }
    }

    @Test
    void aRenewedCertificateThatCannotBeUsedLeavesTheOneInUseAndSaysSo() throws Exception {
        Path certificate = copy(first.certificate(), dir.resolve("kept.pem"));
        Path key = copy(first.key(), dir.resolve("kept.key.pem"));
        ServerConfig config = TestServer.config().withTls(new TlsSettings(0, certificate, key));
        try (RelaycastServer server = new RelaycastServer(config, 2).reloadFrom(() -> config).start();
             LoggedWarnings log = LoggedWarnings.of(ServerTls.class)) {
            // Caught half-written.
            Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\nMIID\n");
            server.reloadConfig();

            assertThat(certificateServedBy(server)).isEqualTo(certificateIn(first.certificate()));
            assertThat(log.first(Level.ERROR, "config reload: cannot use the TLS certificate " + certificate, "")).isNotNull();
        }
    }

    @Test
    void aRenewedCertificateWhoseKeyIsStillTheOldOneLeavesTheOneInUseAndSaysSo() throws Exception {
        try (LoggedWarnings log = LoggedWarnings.of(ServerTls.class)) {
            // certbot's hook copied fullchain.pem; the HUP came before privkey.pem.
            assertThat(servedAfterRenewingAs("fullchain", Files.readString(renewed.certificate()), first.key()))
                    .isEqualTo(certificateIn(first.certificate()));
            assertThat(log.first(Level.ERROR, "config reload: cannot use the TLS certificate " + dir.resolve("fullchain.pem"),
                    "does not belong to")).isNotNull();
        }
    }

    @Test
    void aChainWhoseLastCertificateIsCutShortLeavesTheOneInUse() throws Exception {
        try (LoggedWarnings log = LoggedWarnings.of(ServerTls.class)) {
            String cutShort = Files.readString(renewed.certificate()) + "-----BEGIN CERTIFICATE-----\nMIID\n";
            assertThat(servedAfterRenewingAs("chain", cutShort, renewed.key())).isEqualTo(certificateIn(first.certificate()));
            assertThat(log.first(Level.ERROR, "config reload: cannot use the TLS certificate " + dir.resolve("chain.pem"),
                    "begins 2 certificates and holds 1")).isNotNull();
        }
    }

    /** Starts on the first certificate and key in {@code name}.pem and .key.pem, writes those given there and reloads. */
    private static BigInteger servedAfterRenewingAs(String name, String certificateText, Path key) throws Exception {
        Path certificateFile = copy(first.certificate(), dir.resolve(name + ".pem"));
        Path keyFile = copy(first.key(), dir.resolve(name + ".key.pem"));
        ServerConfig config = TestServer.config().withTls(new TlsSettings(0, certificateFile, keyFile));
        try (RelaycastServer server = new RelaycastServer(config, 2).start()) {
            Files.writeString(certificateFile, certificateText);
            copy(key, keyFile);
            server.reloadConfig();
            return certificateServedBy(server);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"})
    void aKeyInAnOlderOrEncryptedFormIsRefusedWithTheCommandThatConvertsIt(String label) throws Exception {
        Path key = Files.writeString(dir.resolve("old.key.pem"),
                "-----BEGIN " + label + "-----\nMIIE\n-----END " + label + "-----\n");
        assertThatThrownBy(() -> TlsIdentity.read(first.certificate(), key)).hasMessageContaining(key + " holds an " + label)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + key);
    }

    @Test
    void anEncryptedIcecastStyleRsaKeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        Path key = Files.writeString(dir.resolve("encrypted-rsa.key.pem"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,6E3F0A1B2C3D4E5F6A7B8C9D0E1F2A3B\n\nMIIE\n"
                + "-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsIdentity.read(first.certificate(), key))
                .hasMessageContaining(key + " holds an encrypted RSA PRIVATE KEY")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + key);
    }

    @Test
    void anIcecastStyleRsaKeyInTheCertificateFileIsServed() throws Exception {
        Path pkcs1 = dir.resolve("traditional.key.pem");
        Programs.run(Duration.ofSeconds(60), "openssl", "rsa", "-traditional", "-in", first.key().toString(),
                "-out", pkcs1.toString()).assertSuccess();
        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Path combined = Files.writeString(dir.resolve("icecast.pem"),
                Files.readString(first.certificate()) + Files.readString(pkcs1));
        ServerConfig config = TestServer.config().withTls(new TlsSettings(0, combined, null));
        try (RelaycastServer server = new RelaycastServer(config, 2).start()) {
            assertThat(certificateServedBy(server)).isEqualTo(certificateIn(first.certificate()));
        }
    }

    private static Path copy(Path from, Path to) throws Exception {
        return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The serial number of the certificate in {@code pem}: what tells two certificates for one host apart. */
    private static BigInteger certificateIn(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
        }
    }

    /** The serial number of the certificate a client that trusts anything is shown by the HTTPS port. */
    private static BigInteger certificateServedBy(RelaycastServer server) throws Exception {
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustingAnything()}, null);
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.tlsPort())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static final class TrustingAnything implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
