package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.relaycast.config.MountConfig;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Icecast;
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
import org.slf4j.LoggerFactory;

/** An origin's refusal is logged with the reason in its body, as one short line of plain text. */
class OriginRefusalTest {

    @TempDir
    Path dir;

    private final Logger logger = (Logger) LoggerFactory.getLogger(OriginHandshake.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void icecastsRefusalsAreLoggedWithTheirReason() {
        String fullMount = "<mount><mount-name>/full</mount-name><max-listeners>0</max-listeners></mount>";
        try (Icecast icecast = Icecast.start(dir, fullMount);
             Programs.Running source = Ffmpeg.liveSource(dir, icecast.icecastUrl("/full"), 60, 440)) {
            List<MountConfig> relays = List.of(relay("/missing", icecast.url("/missing")), relay("/full", icecast.url("/full")));
            try (TestServer server = TestServer.start(TestServer.config().withMounts(relays))) {
                // Until ffmpeg's source is up on Icecast, /full is refused with 404 too: wait for its 403.
                await().atMost(Duration.ofSeconds(30)).until(() -> warning("/missing", "404") != null
                        && warning("/full", "403") != null);

                assertThat(warning("/missing", "404")).endsWith(
                        "origin answered 'HTTP/1.0 404 File Not Found': 404 - The file you requested could not be found");
                assertThat(warning("/full", "403")).endsWith("origin answered 'HTTP/1.0 403 Forbidden': max listeners reached");
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
        return new MountConfig(mount, null, null, false, null, null, null, URI.create(origin), null);
    }

    /** The first warning about the relay of {@code mount} that contains {@code text}, or null. */
    private String warning(String mount, String text) {
        List<ILoggingEvent> events;
        synchronized (logged) {
            // The appender adds under its own lock, from the event loops.
            events = List.copyOf(logged.list);
        }
        return events.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.startsWith("relay " + mount + " <- ") && message.contains(text))
                .findFirst().orElse(null);
    }
}
