package io.relaycast.source;

import static io.relaycast.testing.RawSource.basic;
import static io.relaycast.testing.RawSource.packet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.testing.Capture;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encoder that reconnects at once (liquidsoap restarting its output, butt, ffmpeg run again) may arrive before the
 * server has read its old connection's end: it waits for the mount, briefly, instead of being refused.
 */
class SourceHandoverTest {

    private static final long GRACE_MILLIS = SourceHold.GRACE.toMillis();

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
    void everyImmediateReconnectIsAdmitted() {
        RawClient source = RawSource.open(server.port(), "/live");
        for (int reconnect = 0; reconnect < 30; reconnect++) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            source.close();
            RawClient next = RawClient.connect(server.port());
            byte[] audio = TestAudio.concat(frames.subList(20, 40));
            if (reconnect % 3 == 0) {
                // ffmpeg and liquidsoap's PUT: no audio before the 100 Continue.
                next.send(putHead().replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"));
                assertThat(next.readHead().statusLine()).as("reconnect %d", reconnect).isEqualTo("HTTP/1.1 100 Continue");
                next.send(audio);
            } else {
                next.send(packet(reconnect % 3 == 1 ? putHead() : sourceHead(), audio));
                assertThat(next.readHead().status()).as("reconnect %d", reconnect).isEqualTo(200);
            }
            source = next;
        }
        source.close();
        assertThat(server.context().requests().rejectedCount(403)).isZero();
    }

    @Test
    void aHeldSourcesAudioPlaysFromItsFirstFrameWhenTheOldSourceLeaves() {
        try (RawClient first = RawSource.open(server.port(), "/live");
             RawClient listener = RawClient.connect(server.port());
             RawClient second = RawClient.connect(server.port())) {
            onAirWithAListener(first, listener);
            try (Capture capture = Capture.of(listener)) {
                second.send(packet(sourceHead(), TestAudio.concat(frames.subList(0, 60))));
                awaitHeld();
                assertThat(framesReceived()).as("nothing of the held source's published").isEqualTo(9);
                first.close();
                assertThat(second.readHead().statusLine()).isEqualTo("HTTP/1.0 200 OK");
                // The first source's tenth frame ends at its close; the second's sixtieth waits for the next header.
                await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived() == 10 + 59);
                assertThat(mount().stats().sourceHandovers()).isEqualTo(1);
                int sent = TestAudio.concat(frames.subList(0, 60)).length;
                await().atMost(Duration.ofSeconds(5)).until(() -> capture.bytes() >= sent);
                FrameChain.assertChain(capture.data(), true);
            }
        }
    }

    @Test
    void aHeldPutWithExpectGetsItsContinueWhenTheOldSourceLeaves() throws Exception {
        try (RawClient first = RawSource.open(server.port(), "/live");
             RawClient listener = RawClient.connect(server.port());
             RawClient second = RawClient.connect(server.port())) {
            onAirWithAListener(first, listener);
            second.send(putHead().replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"));
            awaitHeld();
            assertThat(second.closedByServer(50)).as("no answer while held").isFalse();
            second.socket().setSoTimeout(10_000);
            first.close();
            assertThat(second.readHead().statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            second.send(TestAudio.concat(frames.subList(0, 30)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived() == 10 + 29);
            assertThat(mount().stats().sourceHandovers()).isEqualTo(1);
        }
    }

    @Test
    void aSecondSourceStillGets403WhenTheFirstStaysForTheWholeGrace() {
        try (RawClient first = RawSource.open(server.port(), "/live");
             RawClient second = RawClient.connect(server.port())) {
            first.send(TestAudio.concat(frames.subList(0, 10)));
            long start = System.nanoTime();
            second.send(packet(sourceHead(), TestAudio.concat(frames.subList(0, 10))));
            RawClient.Head head = second.readHead();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(head.status()).isEqualTo(403);
            assertThat(new String(second.readToEnd(), StandardCharsets.UTF_8)).contains("in use");
            assertThat(waited).isBetween(GRACE_MILLIS - 50, GRACE_MILLIS + 2000);
            first.send(TestAudio.concat(frames.subList(10, 30)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived() == 29);
            assertThat(mount().liveSource()).isNotNull();
        }
    }

    @Test
    void aWrongPasswordOnABusyMountGets401AtOnce() {
        try (RawClient first = RawSource.open(server.port(), "/live");
             RawClient second = RawClient.connect(server.port())) {
            long start = System.nanoTime();
            second.send("SOURCE /live HTTP/1.0\r\nAuthorization: " + basic("source", "wrong") + "\r\n\r\n");
            assertThat(second.readHead().status()).isEqualTo(401);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(GRACE_MILLIS / 2);
        }
    }

    @Test
    void aSourceThatClosesWhileHeldLeavesNothingBehind() {
        try (RawClient first = RawSource.open(server.port(), "/live")) {
            first.send(TestAudio.concat(frames.subList(0, 10)));
            // The tenth frame waits for the next header; the nine before it are in before the second source comes.
            await("the first source's frames in").atMost(Duration.ofSeconds(5)).until(() -> framesReceived() == 9);
            try (RawClient second = RawClient.connect(server.port())) {
                second.send(packet(sourceHead(), TestAudio.concat(frames.subList(0, 30))));
                awaitHeld();
                assertThat(framesReceived()).as("nothing of the held source's published").isEqualTo(9);
            }
            first.send(TestAudio.concat(frames.subList(10, 20)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived() == 19);
        }
        try (RawClient third = RawSource.open(server.port(), "/live")) {
            third.send(TestAudio.concat(frames.subList(0, 10)));
            await().atMost(Duration.ofSeconds(5)).until(() -> mount() != null && mount().liveSource() != null);
        }
        assertThat(server.context().requests().rejectedCount(403)).isZero();
    }

    @Test
    void ofTwoHeldSourcesOnlyOneTakesTheMount() throws Exception {
        RawClient first = RawSource.open(server.port(), "/live");
        first.send(TestAudio.concat(frames.subList(0, 10)));
        List<RawClient> newcomers = List.of(RawClient.connect(server.port()), RawClient.connect(server.port()));
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (RawClient newcomer : newcomers) {
            newcomer.send(packet(sourceHead(), TestAudio.concat(frames.subList(0, 10))));
            answers.add(CompletableFuture.supplyAsync(() -> newcomer.readHead().status()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.context().mounts().sourcesWaitingFor("/live") == 2);
        first.close();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> answer : answers) {
            statuses.add(answer.get(5, TimeUnit.SECONDS));
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 403);
        assertThat(mount().stats().sourceHandovers()).isEqualTo(1);
        newcomers.forEach(RawClient::close);
    }

    @Test
    void heldChunkedAndContentLengthUploadsKeepTheirBodies() {
        byte[] body = TestAudio.concat(frames.subList(0, 30));
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (byte[] frame : frames.subList(0, 30)) {
            chunked.writeBytes((Integer.toHexString(frame.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.writeBytes(frame);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String put = "PUT /live HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                + "\r\nContent-Type: audio/mpeg\r\n";
        for (byte[] upload : List.of(packet(put + "Transfer-Encoding: chunked\r\n\r\n", chunked.toByteArray()),
                packet(put + "Content-Length: " + body.length + "\r\n\r\n", body))) {
            RawClient first = RawSource.open(server.port(), "/live");
            first.send(TestAudio.concat(frames.subList(0, 5)));
            await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived() >= 4);
            long before = framesReceived();
            // A listener keeps the mount (and its counters) between the sources.
            try (RawClient listener = RawClient.connect(server.port()).send("GET /live HTTP/1.0\r\n\r\n");
                 RawClient second = RawClient.connect(server.port())) {
                second.send(upload);
                awaitHeld();
                assertThat(framesReceived()).as("nothing of the held upload published").isEqualTo(before);
                first.close();
                assertThat(second.readHead().status()).isEqualTo(200);
                assertThat(second.closedByServer(3000)).as("the body's end ends the source").isTrue();
                // The mount counts frames on its own loop, which may still be at work after the close.
                await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived() >= before + 29);
                await().atMost(Duration.ofSeconds(5)).until(() -> mount().liveSource() == null);
            }
        }
    }

    /** Ten frames from {@code first} (nine published: the tenth waits for its successor), heard by {@code listener}. */
    private void onAirWithAListener(RawClient first, RawClient listener) {
        first.send(TestAudio.concat(frames.subList(0, 10)));
        await().atMost(Duration.ofSeconds(5)).until(() -> framesReceived() == 9);
        listener.send("GET /live HTTP/1.0\r\n\r\n");
        assertThat(listener.readHead().status()).isEqualTo(200);
    }

    /**
     * Waits until the server holds a second source for the mount. The hold lasts only {@link SourceHold#GRACE}: whatever
     * a test checks while it is held, it checks once, then ends the first source at once.
     */
    private void awaitHeld() {
        await("the second source held").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> server.context().mounts().sourcesWaitingFor("/live") == 1);
    }

    private static String sourceHead() {
        return "SOURCE /live HTTP/1.0\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                + "\r\nContent-Type: audio/mpeg\r\n\r\n";
    }

    private static String putHead() {
        return "PUT /live HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("source", TestServer.SOURCE_PASSWORD)
                + "\r\nContent-Type: audio/mpeg\r\n\r\n";
    }


    private long framesReceived() {
        Mount mount = mount();
        return mount == null ? -1 : mount.stats().framesReceived();
    }

    private Mount mount() {
        return server.context().mounts().find("/live");
    }
}
