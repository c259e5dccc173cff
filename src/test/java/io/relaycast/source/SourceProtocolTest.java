package io.relaycast.source;

import static io.relaycast.testing.RawSource.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.testing.Capture;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every kind of encoder sends, on a real socket, and what it must get back. */
class SourceProtocolTest {

    private static final Duration TAG_TIMEOUT = Duration.ofSeconds(1);
    /** ID3v2.3, no flags, size 7F 7F 7F 7F (256 MB), then the start of a title frame. */
    private static final byte[] ENDLESS_TAG_HEAD = {'I', 'D', '3', 3, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F, 'T', 'I', 'T', '2'};

    @TempDir
    static Path dir;
    static List<byte[]> frames;

    private final TestServer server = TestServer.start();

    @BeforeAll
    static void makeAudio() {
        frames = TestAudio.toneFrames(dir, 4);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void putWithExpectContinueGetsExactly100ThenStreams() {
        try (RawClient source = RawSource.open(server.port(), "/live")) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived("/live") == 19);
        }
    }

    @Test
    void liquidsoapsHttp10PutWithExpectGets100Too() {
        try (RawClient source = RawClient.connect(server.port())) {
            source.send("PUT /live HTTP/1.0\r\nice-name: LS\r\nExpect: 100-continue\r\nAuthorization: "
                    + basic("source", TestServer.SOURCE_PASSWORD) + "\r\nContent-Type: audio/mpeg\r\n\r\n");
            assertThat(source.readHead().statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            source.send(TestAudio.concat(frames.subList(0, 10)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived("/live") == 9);
        }
    }

    @Test
    void sourceOverHttp10GetsHttp10Ok() {
        try (RawClient source = RawClient.connect(server.port())) {
            source.send("SOURCE /live HTTP/1.0\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                    + "\r\nice-name: Test\r\nContent-Type: audio/mpeg\r\n\r\n");
            assertThat(source.readHead().statusLine()).isEqualTo("HTTP/1.0 200 OK");
        }
    }

    @Test
    void putWithoutExpectGetsIcecastsHttp10OkSoOldLiquidsoapDoesNotSwitchToChunked() {
        // ocaml-cry (liquidsoap 1.3, method "put") sends its audio chunked when the answer is HTTP/1.1.
        try (RawClient source = RawClient.connect(server.port())) {
            source.send("PUT /live HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                    + "\r\nContent-Type: audio/mpeg\r\n\r\n");
            assertThat(source.readHead().statusLine()).isEqualTo("HTTP/1.0 200 OK");
            source.send(TestAudio.concat(frames.subList(0, 10)));
            await("the audio after the answer").atMost(Duration.ofSeconds(5)).until(() -> framesReceived("/live") == 9);
        }
    }

    @Test
    void audioThatArrivesWithTheHeadIsKeptByteForByte() {
        byte[] audio = TestAudio.concat(frames.subList(0, 100));
        byte[] head = ("SOURCE /live HTTP/1.0\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                + "\r\nContent-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(head);
        packet.writeBytes(audio);
        try (RawClient source = RawClient.connect(server.port())) {
            source.send(packet.toByteArray());
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived("/live") == 99);
            try (RawClient listener = RawClient.connect(server.port())) {
                listener.send("GET /live HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
                byte[] expected = TestAudio.concat(frames.subList(0, 99));
                assertThat(listener.readExactly(expected.length)).isEqualTo(expected);
            }
        }
    }

    @Test
    void libshoutsUnauthenticatedProbeGets401AndTheRetryWorksOnTheSameSocket() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("SOURCE /live HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nice-name: probe\r\n\r\n");
            RawClient.Head refused = client.readHead();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Basic realm=");
            assertThat(refused.header("Allow")).contains("PUT", "SOURCE");
            client.readExactly(Integer.parseInt(refused.header("Content-Length")));
            client.send("PUT /live HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                    + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
            assertThat(client.readHead().statusLine()).isEqualTo("HTTP/1.1 100 Continue");
        }
    }

    @Test
    void wrongPasswordAndUnreadableCredentialsGet401() {
        for (String authorization : List.of(basic("source", "wrong"), basic("admin", TestServer.SOURCE_PASSWORD),
                "Basic %%%not-base64%%%")) {
            try (RawClient client = RawClient.connect(server.port())) {
                client.send("SOURCE /live HTTP/1.0\r\nAuthorization: " + authorization + "\r\n\r\n");
                RawClient.Head head = client.readHead();
                assertThat(head.status()).as(authorization).isEqualTo(401);
                assertThat(head.header("WWW-Authenticate")).isNotNull();
                assertThat(client.closedByServer(3000)).as("HTTP/1.0 source with audio on the way is closed").isTrue();
            }
        }
        assertThat(server.context().requests().rejectedCount(401)).isEqualTo(3);
        assertThat(mount("/live")).as("a refused source creates no mount").isNull();
    }

    @Test
    void aSecondSourceOnABusyMountGets403AndTheFirstGoesOn() {
        try (RawClient first = RawSource.open(server.port(), "/live")) {
            first.send(TestAudio.concat(frames.subList(0, 10)));
            try (RawClient second = RawClient.connect(server.port())) {
                second.send("PUT /live HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                        + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
                RawClient.Head head = second.readHead();
                assertThat(head.status()).isEqualTo(403);
                assertThat(new String(second.readToEnd(), StandardCharsets.UTF_8)).contains("in use");
            }
            first.send(TestAudio.concat(frames.subList(10, 30)));
            await().atMost(Duration.ofSeconds(5)).until(() -> mount("/live").stats().framesReceived() == 29);
        }
    }

    @Test
    void mp3UnderAnotherTypeNameOrAsOctetStreamIsTakenAndServedAsAudioMpeg() {
        // Icecast plays every type but Ogg with its generic handler; here the frame decoder decides what is audio.
        Map<String, String> servedAs = new LinkedHashMap<>();
        for (String type : List.of("audio/mpeg3", "audio/x-mp3", "audio/mpg", "audio/x-mpeg-3", "application/octet-stream")) {
            String path = "/" + type.replace('/', '-');
            try (RawClient source = RawClient.connect(server.port())) {
                source.send("PUT " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
                        + basic("source", TestServer.SOURCE_PASSWORD) + "\r\nContent-Type: " + type
                        + "\r\nExpect: 100-continue\r\n\r\n");
                assertThat(Map.of(type, source.readHead().status())).containsEntry(type, 100);
                source.send(TestAudio.concat(frames.subList(0, 10)));
                await("the frames sent as " + type).atMost(Duration.ofSeconds(5)).until(() -> framesReceived(path) == 9);
                servedAs.put(type, mount(path).info().contentType());
            }
        }
        assertThat(servedAs).allSatisfy((type, served) -> assertThat(served).isEqualTo("audio/mpeg"));
    }

    @Test
    void formatsOtherThanMpegAreRefusedWith415AndAReason() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("PUT /live.ogg HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                    + "\r\nContent-Type: application/ogg\r\nExpect: 100-continue\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(415);
            assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).contains("application/ogg", "audio/mpeg");
        }
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (String otherCodec : List.of("audio/aac", "audio/ogg", "audio/flac", "audio/opus", "audio/webm")) {
            try (RawClient client = RawClient.connect(server.port())) {
                client.send("PUT /other HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                        + "\r\nContent-Type: " + otherCodec + "\r\nExpect: 100-continue\r\n\r\n");
                statuses.put(otherCodec, client.readHead().status());
            }
        }
        assertThat(statuses).allSatisfy((type, status) -> assertThat(status).isEqualTo(415));
    }

    @Test
    void optionsListsTheMethodsLibshoutLooksFor() {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n".replace("*", "/"));
            RawClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Allow")).isEqualTo("GET, HEAD, PUT, SOURCE, OPTIONS");
        }
    }

    @Test
    void aSourceThatGoesSilentIsDroppedAndItsMountReleased() {
        try (RawClient source = RawSource.open(server.port(), "/live")) {
            source.send(TestAudio.concat(frames.subList(0, 10)));
            await().atMost(Duration.ofSeconds(5)).until(() -> mount("/live") != null);
            Mount live = mount("/live");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.liveSource() == null);
            assertThat(live.stats().sourceTimeouts()).isEqualTo(1);
            assertThat(source.closedByServer(2000)).isTrue();
        }
        try (RawClient next = RawSource.open(server.port(), "/live")) {
            next.send(frames.get(0));
            assertThat(mount("/live").liveSource()).isNotNull();
        }
    }

    @Test
    void aBigTagTricklingInOverASlowLinkDoesNotCountAsSilence() throws InterruptedException {
        // ezstream passes files through as they are: cover art in an ID3v2 tag takes its time on a slow uplink.
        int tagBody = 48 * 1024;
        byte[] tag = new byte[10 + tagBody];
        System.arraycopy("ID3".getBytes(StandardCharsets.US_ASCII), 0, tag, 0, 3);
        tag[3] = 4;
        for (int i = 0; i < 4; i++) {
            tag[6 + i] = (byte) ((tagBody >> (21 - 7 * i)) & 0x7F);
        }
        Duration timeout = server.context().config().sourceTimeout();
        try (RawClient source = RawSource.open(server.port(), "/live")) {
            source.send(TestAudio.concat(frames.subList(0, 10)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived("/live") == 9);
            int pieces = 24;
            long pause = timeout.multipliedBy(2).toMillis() / pieces;
            for (int i = 0; i < pieces; i++) {
                source.send(Arrays.copyOfRange(tag, i * tag.length / pieces, (i + 1) * tag.length / pieces));
                Thread.sleep(pause); // pacing a slow uplink, not waiting for the server
            }
            source.send(TestAudio.concat(frames.subList(10, 30)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived("/live") >= 28);
            assertThat(mount("/live").stats().sourceTimeouts()).isZero();
            assertThat(mount("/live").liveSource()).isNotNull();
        }
    }

    @Test
    void aTagTricklingSlowerThanAnyMp3StreamIsDroppedAfterTheSourceTimeout() {
        assertDroppedWhileTheTagTrickles(100, 200, Duration.ofSeconds(4));
    }

    @Test
    void aTagThatNeverEndsIsDroppedAfterAFewSourceTimeoutsHoweverFastItComes() {
        assertDroppedWhileTheTagTrickles(2000, 250, Duration.ofSeconds(9));
    }

    private static void assertDroppedWhileTheTagTrickles(int bytes, long everyMillis, Duration within) {
        try (TestServer quick = TestServer.start(TestServer.config(TAG_TIMEOUT));
             LoggedWarnings warnings = LoggedWarnings.of(SourceIngestHandler.class);
             RawClient source = RawSource.open(quick.port(), "/live")) {
            source.send(TestAudio.concat(frames.subList(0, 10)));
            await("on air").atMost(Duration.ofSeconds(5)).until(() -> quick.context().mounts().find("/live") != null
                    && quick.context().mounts().find("/live").stats().framesReceived() == 9);
            Mount mount = quick.context().mounts().find("/live");
            source.send(ENDLESS_TAG_HEAD);
            Thread trickle = new Thread(() -> trickle(source, bytes, everyMillis), "trickle");
            trickle.start();
            try {
                await("dropped while its tag trickles").atMost(within).until(() -> mount.liveSource() == null);
            } finally {
                trickle.interrupt();
            }
            assertThat(mount.stats().sourceTimeouts()).isEqualTo(1);
            assertThat(warnings.first("source ", "tag never ended")).isNotNull();
        }
    }

    /** Sends {@code bytes} of tag text (no 0xFF, so no frame) every {@code everyMillis}: pacing, not synchronisation. */
    private static void trickle(RawClient source, int bytes, long everyMillis) {
        Random random = new Random(7);
        byte[] text = new byte[bytes];
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (int i = 0; i < text.length; i++) {
                    text[i] = (byte) ('a' + random.nextInt(26));
                }
                source.send(Arrays.copyOf(text, text.length));
                Thread.sleep(everyMillis);
            }
        } catch (InterruptedException | UncheckedIOException ended) {
            // The test is over, or the server closed the source.
        }
    }

    @Test
    void chunkedTransferEncodingIsDechunked() {
        try (RawClient source = RawClient.connect(server.port())) {
            source.send("PUT /live HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                    + "\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\n\r\n");
            assertThat(source.readHead().status()).isEqualTo(200);
            for (byte[] frame : frames.subList(0, 30)) {
                source.send(Integer.toHexString(frame.length) + "\r\n");
                source.send(frame);
                source.send("\r\n");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> mount("/live").stats().framesReceived() == 29);
        }
    }

    @Test
    void aChunkedUploadAfter100ContinueGetsItsFinalAnswerWhenItEnds() {
        // curl -T - sends exactly this; without a final answer it reports "Empty reply from server" and exits 52.
        try (RawClient source = RawSource.open(server.port(), "/live", "Transfer-Encoding: chunked")) {
            for (byte[] frame : frames.subList(0, 30)) {
                source.send(Integer.toHexString(frame.length) + "\r\n");
                source.send(frame);
                source.send("\r\n");
            }
            source.send("0\r\n\r\n");
            RawClient.Head answer = source.readHead();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Content-Length")).isEqualTo("0");
            assertThat(source.closedByServer(3000)).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> mount("/live") == null);
    }

    @Test
    void anUploadWithAContentLengthEndsWithItsBodyNotAtTheSourceTimeout() {
        // curl -T show.mp3: PUT, Expect: 100-continue, Content-Length; once the body is in, curl waits for the answer.
        byte[] body = TestAudio.concat(frames.subList(0, 30));
        try (RawClient source = RawSource.open(server.port(), "/live", "Content-Length: " + body.length)) {
            source.send(body);
            RawClient.Head answer = source.readHead();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(source.closedByServer(3000)).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> mount("/live") == null);
    }

    @Test
    void aChunkedUploadCutByAnUnreadableChunkIsClosedWithoutA200() {
        try (RawClient source = RawSource.open(server.port(), "/live", "Transfer-Encoding: chunked")) {
            source.send(Integer.toHexString(frames.get(0).length) + "\r\n");
            source.send(frames.get(0));
            source.send("\r\nnot-a-chunk-size\r\n\r\n");
            assertThat(new String(source.readToEnd(), StandardCharsets.ISO_8859_1)).doesNotContain("200");
        }
    }

    @Test
    void aTagHeaderClaimingHundredsOfMegabytesDoesNotSwallowTheAudioAfterIt() {
        // A tag whose size field is corrupt: it reads as 256 MB, and its real body is one TIT2 frame.
        byte[] tag = TestAudio.concat(List.of(new byte[] {'I', 'D', '3', 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F},
            "TIT2\0\0\0\5\0\0\3Song".getBytes(StandardCharsets.ISO_8859_1)));
        try (RawClient source = RawSource.open(server.port(), "/live")) {
            source.send(TestAudio.concat(frames.subList(0, 10)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived("/live") == 9);
            source.send(tag);
            source.send(TestAudio.concat(frames.subList(10, 40)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived("/live") >= 39);
            assertThat(mount("/live").stats().resyncDropped()).isEqualTo(tag.length);
        }
    }

    @Test
    void junkAndTagsFromASourceNeverReachListeners() {
        Random random = new Random(42);
        try (RawClient source = RawSource.open(server.port(), "/live");
             RawClient listener = RawClient.connect(server.port())) {
            source.send(frames.get(0));
            source.send(frames.get(1));
            source.send(frames.get(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> mount("/live").isListenable());
            listener.send("GET /live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                for (int i = 3; i < frames.size(); i++) {
                    if (random.nextInt(10) == 0) {
                        byte[] junk = new byte[1 + random.nextInt(300)];
                        random.nextBytes(junk);
                        junk[0] = (byte) 0xFF;
                        source.send(junk);
                    }
                    source.send(frames.get(i));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> mount("/live").stats().resyncDropped() > 0);
                await().atMost(Duration.ofSeconds(5)).until(() -> capture.bytes() > 40_000);
                int received = FrameChain.assertChain(capture.data(), true);
                assertThat(received).isGreaterThan(100);
            }
        }
    }

    private long framesReceived(String path) {
        Mount mount = mount(path);
        return mount == null ? -1 : mount.stats().framesReceived();
    }

    private Mount mount(String path) {
        return server.context().mounts().find(path);
    }
}
