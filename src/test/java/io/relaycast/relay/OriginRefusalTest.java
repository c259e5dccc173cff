package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Icecast;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import io.relaycast.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An origin's refusal is logged with the reason in its body, as one short line of plain text. */
class OriginRefusalTest {

    @TempDir
    Path dir;

    private LoggedWarnings logged;

    @BeforeEach
    void capture() {
        logged = LoggedWarnings.of(OriginHandshake.class);
    }

    @AfterEach
    void release() {
        logged.close();
    }

    @Test
    void icecastsRefusalsAreLoggedWithTheirReason() {
        String fullMount = "<mount><mount-name>/full</mount-name><max-listeners>0</max-listeners></mount>";
        try (Icecast icecast = Icecast.start(dir, fullMount);
             Programs.Running source = Ffmpeg.liveSource(dir, icecast.icecastUrl("/full"), 60, 440)) {
            List<MountConfig> relays = List.of(relay("/missing", icecast.url("/missing")), relay("/full", icecast.url("/full")));
            try (TestServer server = TestServer.start(TestServer.config().withMounts(relays))) {
                // Until ffmpeg's source is up on Icecast, /full is refused with 404 too: wait for its 403. Each status is
                // looked for as the origin's answer: the URL in the same line has a port, which may hold "403" too.
                await().atMost(Duration.ofSeconds(30)).until(() -> warning("/missing", "HTTP/1.0 404") != null
                        && warning("/full", "HTTP/1.0 403") != null);

                assertThat(warning("/missing", "HTTP/1.0 404")).endsWith(
                        "origin answered 'HTTP/1.0 404 File Not Found': 404 - The file you requested could not be found");
                assertThat(warning("/full", "HTTP/1.0 403"))
                        .endsWith("origin answered 'HTTP/1.0 403 Forbidden': max listeners reached");
            }
        }
    }

    @Test
    void theReasonIsTheMessageOrThePagesTextOnOneShortLine() {
        assertThat(OriginRefusal.reason("<html><head><title>Error 404</title></head><body><b>404 - The file you requested"
                + " could not be found</b></body></html>\r\n")).isEqualTo("404 - The file you requested could not be found");
        assertThat(OriginRefusal.reason("<?xml version=\"1.0\"?>\n<iceresponse><message>Source does not exist</message>"
                + "<return>0</return></iceresponse>\n")).isEqualTo("Source does not exist");
        assertThat(OriginRefusal.reason("Mountpoint in use")).isEqualTo("Mountpoint in use");
        assertThat(OriginRefusal.reason("Mount &lt;x&gt; &amp; co")).isEqualTo("Mount <x> & co");
        assertThat(OriginRefusal.reason("")).isEmpty();
    }

    @Test
    void theReasonCannotForgeOrFloodLogLines() {
        assertThat(OriginRefusal.reason("in use\r\n2026-12-02 ERROR forged\u0000\u001b[31m\u202e"))
                .isEqualTo("in use 2026-12-02 ERROR forged [31m");
        assertThat(OriginRefusal.reason("x".repeat(5000))).hasSize(OriginRefusal.MAX_CHARS + "...".length());
    }

    private static MountConfig relay(String mount, String origin) {
        return MountConfig.builder(mount).relay(URI.create(origin)).build();
    }

    /** The first warning about the relay of {@code mount} that contains {@code text}, or null. */
    private String warning(String mount, String text) {
        return logged.first("relay " + mount + " <- ", text);
    }
}
