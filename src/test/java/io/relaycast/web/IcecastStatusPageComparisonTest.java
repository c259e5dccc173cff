package io.relaycast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.testing.Icecast;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * relaycast's {@code /status.xsl} against Debian's Icecast 2.4.4's, fed the same source with the same title: the mount's
 * box, which scripts parse, is the same to the byte but for the time the stream started.
 */
class IcecastStatusPageComparisonTest {

    /**
     * Latin-1 only: Icecast keeps an MP3 title in Latin-1 and shows a character beyond it as the text of a character
     * reference ("–" as {@code &amp;#8211;}), where relaycast shows the character.
     */
    private static final String TITLE = "Björk - Jóga's <Best> & \"more\"";
    private static final String STARTED = "(Stream started:</td><td class=\"streamstats\">)[^<]*";

    @TempDir
    Path dir;

    @Test
    void theMountsBoxIsIcecastsToTheByte() {
        List<byte[]> frames = TestAudio.toneFrames(dir, 30);
        try (Icecast icecast = Icecast.start(dir);
             TestServer relaycast = TestServer.start();
             Feed toIcecast = new Feed(source(icecast.port(), Icecast.SOURCE_PASSWORD), frames);
             Feed toRelaycast = new Feed(source(relaycast.port(), TestServer.SOURCE_PASSWORD), frames)) {
            setTitle(icecast.url(""), Icecast.SOURCE_PASSWORD);
            setTitle(relaycast.url(""), TestServer.SOURCE_PASSWORD);
            await().atMost(Duration.ofSeconds(10)).until(() -> box(icecast.url("/status.xsl")).contains("Jóga"));
            await().atMost(Duration.ofSeconds(10)).until(() -> box(relaycast.url("/status.xsl")).contains("Jóga"));

            String expected = box(icecast.url("/status.xsl")).replaceAll(STARTED, "$1...");
            String actual = box(relaycast.url("/status.xsl")).replaceAll(STARTED, "$1...");

            assertThat(actual).isEqualTo(expected);
            assertThat(actual).contains("<td>Bitrate:</td>", "Jóga's &lt;Best&gt; &amp; \"more\"");
            assertThat(top(relaycast.url("/status.xsl"))).as("all before the box but the style sheet")
                    .isEqualTo(top(icecast.url("/status.xsl")));
        }
    }

    /** A source as libshout sends one, with the headers that fill the page's rows. */
    private static RawClient source(int port, String password) {
        String login = Base64.getEncoder().encodeToString(("source:" + password).getBytes(StandardCharsets.UTF_8));
        RawClient client = RawClient.connect(port);
        client.send("SOURCE /live HTTP/1.0\r\nAuthorization: Basic " + login + "\r\nContent-Type: audio/mpeg\r\n"
                + "ice-name: Jazz <FM> & Co\r\nice-description: Smooth \"cool\" jazz\r\nice-genre: Jazz\r\n"
                + "ice-url: https://radio.example/?a=1&b=2\r\nice-public: 1\r\n"
                + "ice-audio-info: bitrate=128;channels=1;samplerate=44100\r\n\r\n");
        assertThat(client.readHead().status()).isEqualTo(200);
        return client;
    }

    /**
     * Sends the frames in real time, ten at a time, until closed: Icecast puts an MP3 stream's new title into its
     * statistics only as more audio comes.
     */
    private static final class Feed implements AutoCloseable {

        private final RawClient source;
        private final Thread sender;

        Feed(RawClient source, List<byte[]> frames) {
            this.source = source;
            this.sender = new Thread(() -> {
                try {
                    for (int i = 0; i < frames.size(); i += 10) {
                        source.send(TestAudio.concat(frames.subList(i, Math.min(frames.size(), i + 10))));
                        Thread.sleep(260); // paces the feed as an encoder does, not waiting for the server
                    }
                } catch (InterruptedException | RuntimeException stopped) {
                    // closed by the test
                }
            }, "feed");
            sender.start();
        }

        @Override
        public void close() {
            sender.interrupt();
            source.close();
        }
    }

    private static void setTitle(String server, String password) {
        String url = server + "/admin/metadata?mode=updinfo&mount=/live&charset=UTF-8&song="
                + URLEncoder.encode(TITLE, StandardCharsets.UTF_8);
        assertThat(WebClient.get(url, "Authorization", WebClient.basic("source", password)).statusCode()).isEqualTo(200);
    }

    /** The page up to the first mount's box, its style sheet left out. */
    private static String top(String url) {
        String page = WebClient.get(url).body();
        return page.substring(0, page.indexOf("<div class=\"roundbox\">")).replaceAll("href=\"[^\"]*\\.css\"", "");
    }

    /** The page from the mount's box to the footer. */
    private static String box(String url) {
        String page = WebClient.get(url).body();
        int start = page.indexOf("<div class=\"roundbox\">");
        return start < 0 ? "" : page.substring(start, page.indexOf("<div id=\"footer\">"));
    }
}
