package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.RawClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload applies to connections a client opened before it and keeps alive (HTTP/1.1), not only to new ones: a
 * connection's pipeline is built once, when it opens. Real sockets.
 */
class ConfigReloadKeepAliveTest {

    private static final String STATUS = "GET /status-json.xsl HTTP/1.1\r\nHost: x\r\n\r\n";

    @TempDir
    Path dir;

    @Test
    void httpHeadersAReloadAddsGoOnTheNextAnswerOfAConnectionOpenedBefore() throws Exception {
        try (ReloadableStation station = ReloadableStation.start(dir, "");
             RawClient client = RawClient.connect(station.server().port())) {
            client.send(STATUS);
            assertThat(readAnswer(client).header("X-Robots-Tag")).isNull();

            station.rewrite("http-headers:\n  X-Robots-Tag: noindex\n");
            assertThat(station.server().reloadConfig().reloaded()).isTrue();
            client.send(STATUS);

            assertThat(readAnswer(client).header("X-Robots-Tag")).isEqualTo("noindex");
        }
    }

    /** The head of the next answer, its body read past. */
    private static RawClient.Head readAnswer(RawClient client) {
        RawClient.Head head = client.readHead();
        assertThat(head.status()).isEqualTo(200);
        client.readExactly(Integer.parseInt(head.header("Content-Length")));
        return head;
    }
}
