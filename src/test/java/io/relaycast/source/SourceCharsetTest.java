package io.relaycast.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's {@code charset} (Icecast's {@code <charset>}): an encoder that writes its station name and titles in
 * windows-1251 without saying so (Winamp's DSP plugin, SAM Broadcaster on a Cyrillic Windows) is read in it, and
 * listeners, status pages and directories get UTF-8; UTF-8 is still UTF-8 there; without the setting such bytes are
 * ISO-8859-1, as in Icecast.
 */
class SourceCharsetTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");
    private static final String STATION = "Радио Ретро";
    private static final String TITLE = "Кино - Группа крови";

    @TempDir
    static Path dir;
    static byte[] audio;

    @BeforeAll
    static void makeAudio() {
        audio = TestAudio.concat(TestAudio.toneFrames(dir, 4));
    }

    @Test
    void aShoutcastEncoderWritingWindows1251IsReadInTheMountsCharset() {
        MountConfig cyrillic = MountConfig.builder("/radio").charset(CP1251).build();
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(60)).withShoutcastMount("/radio")
                .withMounts(List.of(cyrillic)));
             RawClient source = RawClient.connect(server.server().shoutcastPort())) {
            source.send(bytes(ascii(TestServer.SOURCE_PASSWORD + "\r\ncontent-type:audio/mpeg\r\nicy-name:"),
                    STATION.getBytes(CP1251), ascii("\r\nicy-br:128\r\n\r\n"), audio));
            await().atMost(Duration.ofSeconds(5)).until(() -> mount(server) != null && mount(server).format() != null);
            assertThat(mount(server).info().name()).isEqualTo(STATION);

            // The title as the bytes of windows-1251, percent-encoded, with no charset= (what /admin.cgi callers send).
            assertThat(WebClient.get(server.url("/admin.cgi?mode=updinfo&pass=" + TestServer.SOURCE_PASSWORD + "&song="
                    + URLEncoder.encode(TITLE, CP1251))).statusCode()).isEqualTo(200);
            assertThat(mount(server).metadata().title()).isEqualTo(TITLE);
            source.send(audio);
            try (RawClient listener = RawClient.connect(server.port())) {
                listener.send("GET /radio HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n");
                int metaint = Integer.parseInt(listener.readHead().header("icy-metaint"));
                // The burst's audio came before the title: its blocks say nothing new; the audio after it says the title.
                assertThat(firstTitle(listener, metaint)).as("sent to players in UTF-8")
                        .startsWith("StreamTitle='" + TITLE + "';");
            }
            assertThat(WebClient.get(server.url("/status-json.xsl")).body()).contains(STATION, TITLE);

            // An update in UTF-8 (liquidsoap, butt, ffmpeg) is UTF-8 whatever the mount's charset.
            assertThat(WebClient.get(server.url("/admin.cgi?mode=updinfo&pass=" + TestServer.SOURCE_PASSWORD + "&song="
                    + URLEncoder.encode("Ария - Беспечный ангел", StandardCharsets.UTF_8))).statusCode()).isEqualTo(200);
            assertThat(mount(server).metadata().title()).isEqualTo("Ария - Беспечный ангел");
        }
    }

    /** The first metadata block with a text, of at most 40 blocks. */
    private static String firstTitle(RawClient listener, int metaint) {
        for (int block = 0; block < 40; block++) {
            listener.readExactly(metaint);
            int length = (listener.readExactly(1)[0] & 0xFF) * 16;
            if (length > 0) {
                return new String(listener.readExactly(length), StandardCharsets.UTF_8).replace("\0", "");
            }
        }
        throw new AssertionError("no title in 40 metadata blocks");
    }

    @Test
    void withoutACharsetBytesThatAreNotUtf8AreIso88591AsInIcecast() {
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(60)));
             RawClient source = RawClient.connect(server.port())) {
            source.send(bytes(ascii("PUT /plain HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + RawSource.basic("source", TestServer.SOURCE_PASSWORD) + "\r\nContent-Type: audio/mpeg\r\nice-name: "),
                    STATION.getBytes(CP1251), ascii("\r\nExpect: 100-continue\r\n\r\n")));
            assertThat(source.readHead().status()).isEqualTo(100);
            source.send(audio);
            Mount plain = server.context().mounts().find("/plain");
            assertThat(plain.info().name()).isEqualTo(new String(STATION.getBytes(CP1251), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void withoutACharsetWindowsQuotesAndDashesAreReadAsWindows1252NotControlCharacters() {
        // SAM Broadcaster, RadioDJ, Winamp's DSP: cp1252 text, whose 0x80-0x9F are ’ – € (ISO-8859-1's C1 controls).
        Charset cp1252 = Charset.forName("windows-1252");
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(60)));
             RawClient source = RawClient.connect(server.port())) {
            source.send(bytes(ascii("PUT /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + RawSource.basic("source", TestServer.SOURCE_PASSWORD) + "\r\nContent-Type: audio/mpeg\r\nice-name: "),
                    "Rock’n’Roll – 24/7".getBytes(cp1252), ascii("\r\nExpect: 100-continue\r\n\r\n")));
            assertThat(source.readHead().status()).isEqualTo(100);
            source.send(audio);
            await("the source on air").atMost(Duration.ofSeconds(5)).until(() -> server.context().mounts().find("/live") != null
                    && server.context().mounts().find("/live").liveSource() != null);
            Mount live = server.context().mounts().find("/live");
            assertThat(live.info().name()).isEqualTo("Rock’n’Roll – 24/7");

            assertThat(WebClient.get(server.url("/admin/metadata?mode=updinfo&mount=/live&song=Don%92t%20%96%20Queen"),
                    "Authorization", WebClient.source()).statusCode()).isEqualTo(200);
            assertThat(live.metadata().title()).isEqualTo("Don’t – Queen");
        }
    }

    private static Mount mount(TestServer server) {
        return server.context().mounts().find("/radio");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
