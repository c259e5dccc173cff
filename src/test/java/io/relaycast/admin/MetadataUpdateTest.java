package io.relaycast.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.IcyDemux;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Out-of-band title updates, as libshout, liquidsoap and station automation send them. */
class MetadataUpdateTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private TestServer server;
    private Programs.Running source;

    @BeforeEach
    void startStreaming() {
        server = TestServer.start();
        source = Ffmpeg.liveSource(dir, server.icecastUrl("/live"), 30, 440);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/live") != null
                && server.context().mounts().find("/live").format() != null);
    }

    @AfterEach
    void stop() {
        source.close();
        server.close();
    }

    @Test
    void anUpdateReachesAnIcyListenerWithinOneMetadataInterval() throws Exception {
        try (RawClient listener = RawClient.connect(server.port())) {
            listener.send("GET /live HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n");
            int metaint = Integer.parseInt(listener.readHead().header("icy-metaint"));
            try (Capture capture = Capture.of(listener)) {
                HttpResponse<String> reply = update("mode=updinfo&mount=%2Flive&song=Miles%20Davis%20-%20So%20What",
                        RawSource.basic("source", TestServer.SOURCE_PASSWORD));
                assertThat(reply.statusCode()).isEqualTo(200);
                assertThat(reply.body()).contains("<iceresponse><message>Metadata update successful</message><return>1</return>");
                long updatedAt = capture.bytes();
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > updatedAt + 2L * (metaint + 4081));
                List<String> titles = new ArrayList<>();
                IcyDemux.audio(capture.data(), metaint, titles);
                assertThat(titles).contains("StreamTitle='Miles Davis - So What';");
                int firstWithTitle = titles.indexOf("StreamTitle='Miles Davis - So What';");
                assertThat(titles.subList(firstWithTitle + 1, titles.size())).as("sent once, then empty blocks")
                        .allMatch(String::isEmpty);
            }
        }
        assertThat(server.context().mounts().find("/live").metadata().title()).isEqualTo("Miles Davis - So What");
    }

    @Test
    void ffmpegShowsATitleWithApostrophesAsItWasSent() throws Exception {
        String title = "Guns N' Roses - Don't Cry";
        assertThat(update("mode=updinfo&mount=%2Flive&song=Guns%20N%27%20Roses%20-%20Don%27t%20Cry",
                RawSource.basic("source", TestServer.SOURCE_PASSWORD)).statusCode()).isEqualTo(200);
        Programs.Result player = Programs.run(Duration.ofSeconds(30), "ffmpeg", "-nostdin", "-v", "verbose", "-icy", "1",
                "-i", server.url("/live"), "-t", "2", "-f", "null", "-");
        assertThat(player.stderrText()).contains("Metadata update for StreamTitle: " + title + "\n");
    }

    @Test
    void withoutCredentialsTheServerAsksForThemAsLibshoutExpects() throws Exception {
        HttpResponse<String> reply = update("mode=updinfo&mount=%2Flive&song=x", null);
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(update("mode=updinfo&mount=%2Flive&song=x", RawSource.basic("source", "wrong")).statusCode()).isEqualTo(401);
        assertThat(server.context().mounts().find("/live").metadata().title()).isEmpty();
    }

    @Test
    void adminCredentialsArtistAndTitleAndCharsetsAreUnderstood() throws Exception {
        String admin = RawSource.basic("admin", TestServer.ADMIN_PASSWORD);
        assertThat(update("mode=updinfo&mount=%2Flive&artist=Bj%C3%B6rk&title=J%C3%B3ga", admin).statusCode()).isEqualTo(200);
        assertThat(title()).isEqualTo("Björk - Jóga");
        assertThat(update("mode=updinfo&mount=%2Flive&song=Caf%E9&charset=ISO-8859-1", admin).statusCode()).isEqualTo(200);
        assertThat(title()).isEqualTo("Café");
        assertThat(update("mode=updinfo&mount=%2Flive&song=Na%EFve", admin).statusCode()).isEqualTo(200);
        assertThat(title()).as("invalid UTF-8 without a charset is read as ISO-8859-1").isEqualTo("Naïve");
    }

    @Test
    void aTitleSentInRawBytesIsReadAsItsEscapesWouldBe() {
        // Not every encoder escapes what it sends: the same request line with the title's bytes as they are.
        String auth = RawSource.basic("source", TestServer.SOURCE_PASSWORD);
        assertThat(rawUpdate("song=Bj\u00f6rk%20-%20\u6771\u4eac".getBytes(StandardCharsets.UTF_8), auth)).isEqualTo(200);
        assertThat(title()).isEqualTo("Bj\u00f6rk - \u6771\u4eac");
        assertThat(rawUpdate("song=Caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), auth)).isEqualTo(200);
        assertThat(title()).as("raw ISO-8859-1, not valid UTF-8").isEqualTo("Caf\u00e9");
    }

    @Test
    void aTitleWithASemicolonKeepsItInEveryCharset() throws Exception {
        String auth = RawSource.basic("source", TestServer.SOURCE_PASSWORD);
        assertThat(update("mode=updinfo&mount=%2Flive&song=Earth;%20Wind%20%26%20Fire%20-%20September", auth).statusCode())
                .isEqualTo(200);
        assertThat(title()).isEqualTo("Earth; Wind & Fire - September");
        assertThat(update("mode=updinfo&mount=%2Flive&charset=ISO-8859-1&song=Caf%E9;%20Latin", auth).statusCode())
                .isEqualTo(200);
        assertThat(title()).isEqualTo("Café; Latin");
    }

    @Test
    void liquidsoapsUtf8FallbackUnderALatin1CharsetIsReadAsUtf8() throws Exception {
        // liquidsoap with encoding="ISO-8859-1" sends each value it cannot convert (東京, a curly apostrophe) in UTF-8
        // under charset=ISO-8859-1, and the values it could convert in ISO-8859-1: its request, byte for byte.
        String auth = RawSource.basic("source", TestServer.SOURCE_PASSWORD);
        assertThat(update("mode=updinfo&mount=/live&charset=ISO-8859-1&title=%E6%9D%B1%E4%BA%AC%20Tokyo&artist=%DCn%EFc%F8d%E9"
                + "&song=%C3%9Cn%C3%AFc%C3%B8d%C3%A9%20%2D%20%E6%9D%B1%E4%BA%AC%20Tokyo", auth).statusCode()).isEqualTo(200);
        assertThat(title()).isEqualTo("Ünïcødé - 東京 Tokyo");
        assertThat(update("mode=updinfo&mount=/live&charset=ISO-8859-1&artist=Bj%F6rk&title=Don%E2%80%99t", auth).statusCode())
                .isEqualTo(200);
        assertThat(title()).isEqualTo("Björk - Don’t");
        assertThat(update("mode=updinfo&mount=/live&charset=ISO-8859-1&song=Caf%E9%20%C3", auth).statusCode()).isEqualTo(200);
        assertThat(title()).as("ISO-8859-1 that is not UTF-8 stays ISO-8859-1").isEqualTo("Café Ã");
    }

    @Test
    void badRequestsGetIcecastsErrorReplies() throws Exception {
        String auth = RawSource.basic("admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> noMount = update("mode=updinfo&song=x", auth);
        assertThat(noMount.statusCode()).isEqualTo(400);
        assertThat(noMount.body()).contains("<return>0</return>");
        assertThat(update("mode=updinfo&mount=%2Fnowhere&song=x", auth).statusCode()).isEqualTo(404);
        assertThat(update("mode=bogus&mount=%2Flive&song=x", auth).statusCode()).isEqualTo(400);
    }

    @Test
    void aMountWithoutLiveSourceRefusesTheUpdateInsteadOfLosingIt() throws Exception {
        server.context().mounts().createPersistent("/idle");
        String auth = RawSource.basic("admin", TestServer.ADMIN_PASSWORD);

        HttpResponse<String> idle = update("mode=updinfo&mount=%2Fidle&song=Lost", auth);

        assertThat(idle.statusCode()).isEqualTo(404);
        assertThat(idle.body()).contains("<message>Source does not exist</message>", "<return>0</return>");
        try (RawClient newSource = RawClient.connect(server.port())) {
            newSource.send("PUT /idle HTTP/1.1\r\nAuthorization: " + RawSource.basic("source", TestServer.SOURCE_PASSWORD)
                    + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
            assertThat(newSource.readHead().status()).isEqualTo(100);
            assertThat(server.context().mounts().find("/idle").metadata().title())
                    .as("the source that comes starts without a title either way").isEmpty();
            assertThat(update("mode=updinfo&mount=%2Fidle&song=Shown", auth).statusCode()).isEqualTo(200);
            assertThat(server.context().mounts().find("/idle").metadata().title()).isEqualTo("Shown");
        }
    }

    private int rawUpdate(byte[] songParameter, String authorization) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes("GET /admin/metadata?mode=updinfo&mount=/live&".getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(songParameter);
        request.writeBytes((" HTTP/1.0\r\nAuthorization: " + authorization + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        try (RawClient client = RawClient.connect(server.port())) {
            return client.send(request.toByteArray()).readHead().status();
        }
    }

    private String title() {
        return server.context().mounts().find("/live").metadata().title();
    }

    private HttpResponse<String> update(String query, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url("/admin/metadata?" + query)))
                .timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
