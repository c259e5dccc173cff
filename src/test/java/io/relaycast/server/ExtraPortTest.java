package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ListenAddress;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Capture;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --extra-port} (Icecast's further {@code <listen-socket>}s): another port that serves as the main one does, on
 * real sockets: a source may go live through it, and listeners on either port hear the same stream.
 */
class ExtraPortTest {

    @TempDir
    Path dir;

    @Test
    void aSourceThroughTheExtraPortIsHeardOnBothPortsAndThePagesAnswerThere() {
        try (TestServer server = TestServer.start(TestServer.config().withExtraPorts(List.of(ListenAddress.onPort(0))))) {
            int extra = server.server().extraPorts().get(0);
            assertThat(extra).isNotEqualTo(server.port());
            try (RawClient source = RawSource.onAir(extra, "/live", TestServer.SOURCE_PASSWORD)) {
                source.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                await().until(() -> server.context().mounts().find("/live").onAir() == OnAir.LIVE);
                try (Capture onMain = Capture.of(RawClient.listening(server.port(), "/live"));
                     Capture onExtra = Capture.of(RawClient.listening(extra, "/live"))) {
                    source.send(TestAudio.concat(TestAudio.toneFrames(dir, 2)));
                    await().until(() -> onMain.bytes() > 16_000 && onExtra.bytes() > 16_000);
                }
            }
            assertThat(WebClient.get("http://127.0.0.1:" + extra + "/status-json.xsl").statusCode()).isEqualTo(200);
        }
    }

    /** An extra port with an address of its own (Icecast's {@code <listen-socket>} with its {@code <bind-address>}). */
    @Test
    void anExtraPortOnAnAddressOfItsOwnListensThereAndNowhereElse() throws Exception {
        ListenAddress own = ListenAddress.parse("127.0.0.2:0");
        try (TestServer server = TestServer.start(TestServer.config().withExtraPorts(List.of(own)))) {
            int extra = server.server().extraPorts().get(0);
            HttpResponse<String> there = WebClient.get("http://127.0.0.2:" + extra + "/status-json.xsl");
            assertThat(there.statusCode()).isEqualTo(200);
            try (Socket elsewhere = new Socket()) {
                assertThatThrownBy(() -> elsewhere.connect(new InetSocketAddress("127.0.0.1", extra), 2000))
                        .as("the server's own address has no such port").isInstanceOf(ConnectException.class);
            }
            assertThat(WebClient.get("http://127.0.0.1:" + server.port() + "/status-json.xsl").statusCode())
                    .as("the main port stays on --bind").isEqualTo(200);
        }
    }
}
