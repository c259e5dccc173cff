package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.relaycast.config.TlsSettings;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.SelfSignedCertificate;
import io.relaycast.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the log says of clients that fail on the HTTPS port: an encoder with TLS unticked retries for hours, and
 * scanners knock all day; neither may write its secrets, nor a line per attempt, into the log.
 */
class TlsFailureLogTest {

    @TempDir
    static Path dir;
    static SelfSignedCertificate localhost;

    @BeforeAll
    static void makeCertificate() throws Exception {
        localhost = SelfSignedCertificate.localhost(dir);
    }

    @Test
    void plainHttpOnTheTlsPortLeavesNoTraceOfItsCredentialsInTheLog() {
        try (TestServer server = TestServer.start(TestServer.config().withTls(new TlsSettings(0, localhost.combined(), null)));
             LoggedWarnings log = LoggedWarnings.of(ExceptionHandler.class)) {
            String authorization = "Authorization: Basic c291cmNlOmhhY2ttZQ==";
            try (RawClient encoder = RawClient.connect(server.server().tlsPort())) {
                encoder.send("SOURCE /live?pass=hackme HTTP/1.0\r\n" + authorization + "\r\n\r\n");
                assertThat(encoder.closedByServer(5_000)).isTrue();
            }

            await("the refused connection logged").until(() -> log.first(Level.INFO, "", "") != null);
            String hex = HexFormat.of().formatHex("Authorization".getBytes(StandardCharsets.US_ASCII));
            assertThat(log.first(Level.INFO, "", "")).doesNotContainIgnoringCase(hex).doesNotContain("c291cmNlOmhhY2ttZQ")
                    .contains("not TLS (plain HTTP?) on the HTTPS port");
        }
    }

    @Test
    void failedHandshakesAreCountedAndSummedUpInOneLineNotOnePerConnection() {
        try (TestServer server = TestServer.start(TestServer.config().withTls(new TlsSettings(0, localhost.combined(), null)));
             LoggedWarnings log = LoggedWarnings.of(ExceptionHandler.class)) {
            for (int scanner = 0; scanner < 5; scanner++) {
                try (RawClient confused = RawClient.connect(server.server().tlsPort())) {
                    confused.send("GET / HTTP/1.0\r\n\r\n");
                    assertThat(confused.closedByServer(5_000)).isTrue();
                }
            }

            await("five failures counted").until(() -> server.server().meterRegistry().find("relaycast.tls.handshake.failures")
                    .tag("reason", "not_tls").functionCounter() != null && server.server().meterRegistry()
                    .get("relaycast.tls.handshake.failures").tag("reason", "not_tls").functionCounter().count() == 5);
            assertThat(log.count(Level.INFO, "", "") + log.count(Level.WARN, "", "")).isEqualTo(1);
        }
    }
}
