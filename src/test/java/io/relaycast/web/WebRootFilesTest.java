package io.relaycast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.relaycast.config.ServerConfig;
import io.relaycast.server.ExceptionHandler;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files from the web root, as Icecast's fileserve gives them: over real connections, with Java's HTTP client as a
 * browser and a raw socket for what a browser would not send.
 */
class WebRootFilesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aFileIsServedWholeByRangeAndNotAgainIfUnchangedWithItsType() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        byte[] logo = new byte[100_000];
        new Random(7).nextBytes(logo);
        Files.write(root.resolve("logo.png"), logo);
        Files.writeString(Files.createDirectories(root.resolve("player")).resolve("index.html"), "<p>on air</p>");
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(root))) {
            HttpResponse<byte[]> whole = get(server, "/logo.png");
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(logo);
            assertThat(whole.headers().firstValue("content-type")).hasValue("image/png");
            assertThat(whole.headers().firstValue("accept-ranges")).hasValue("bytes");
            String modified = whole.headers().firstValue("last-modified").orElseThrow();

            HttpResponse<byte[]> page = get(server, "/player/index.html");
            assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("<p>on air</p>");
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html");

            HttpResponse<byte[]> part = get(server, "/logo.png", "Range", "bytes=1000-1999");
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(logo, 1000, 2000));
            assertThat(part.headers().firstValue("content-range")).hasValue("bytes 1000-1999/100000");
            HttpResponse<byte[]> tail = get(server, "/logo.png", "Range", "bytes=-10");
            assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(logo, 99_990, 100_000));
            HttpResponse<byte[]> rest = get(server, "/logo.png", "Range", "bytes=99000-");
            assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(logo, 99_000, 100_000));
            HttpResponse<byte[]> past = get(server, "/logo.png", "Range", "bytes=100000-");
            assertThat(past.statusCode()).isEqualTo(416);
            assertThat(past.headers().firstValue("content-range")).hasValue("bytes */100000");

            assertThat(get(server, "/logo.png", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
            assertThat(get(server, "/logo.png", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode())
                    .isEqualTo(200);

            try (RawClient head = RawClient.connect(server.port())) {
                head.send("HEAD /logo.png HTTP/1.0\r\n\r\n");
                RawClient.Head answer = head.readHead();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.header("content-length")).isEqualTo("100000");
                assertThat(head.readToEnd()).as("a HEAD gets no body").isEmpty();
            }
            assertThat(server.context().requests().filesServed()).isGreaterThanOrEqualTo(9);
        }
    }

    /** A browser resuming a download sends its range with the file's date: the rest if the file is unchanged. */
    @Test
    void aResumedDownloadGetsTheRestIfTheFileIsUnchangedAndAllOfItIfNot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        byte[] show = new byte[100_000];
        new Random(9).nextBytes(show);
        Path file = Files.write(root.resolve("show.mp3"), show);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(root))) {
            String modified = get(server, "/show.mp3").headers().firstValue("last-modified").orElseThrow();

            HttpResponse<byte[]> resumed = get(server, "/show.mp3", "Range", "bytes=60000-", "If-Range", modified);
            assertThat(resumed.statusCode()).isEqualTo(206);
            assertThat(resumed.headers().firstValue("content-range")).hasValue("bytes 60000-99999/100000");
            assertThat(resumed.body()).isEqualTo(Arrays.copyOfRange(show, 60_000, 100_000));

            HttpResponse<byte[]> changed = get(server, "/show.mp3", "Range", "bytes=60000-", "If-Range",
                    "Thu, 01 Jan 1970 00:00:00 GMT");
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(changed.body()).isEqualTo(show);
            HttpResponse<byte[]> byTag = get(server, "/show.mp3", "Range", "bytes=60000-", "If-Range", "\"v1\"");
            assertThat(byTag.statusCode()).isEqualTo(200);
            assertThat(byTag.body()).isEqualTo(show);
        }
    }

    /** A date within a second of the file's change may name two versions of it (RFC 9110 8.8.2.2): no range by it. */
    @Test
    void anIfRangeDateIsTrustedOnlyForAFileChangedAtLeastASecondBeforeTheAnswer() {
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set("Range", "bytes=10-");
        headers.set("If-Range", "Thu, 01 Jan 2026 00:00:00 GMT");
        long modified = 1_767_225_600L;
        assertThat(WebRootFiles.ByteRange.of(headers, 100, modified, modified + 1)).isEqualTo(new WebRootFiles.ByteRange(10, 90));
        assertThat(WebRootFiles.ByteRange.of(headers, 100, modified, modified)).isNull();
        assertThat(WebRootFiles.ByteRange.of(headers, 100, modified + 1, modified + 5)).isNull();
    }

    /** A file renamed into place twice while it was opened has no time known: no If-Range can name it, not even 1969's. */
    @Test
    void anIfRangeNeverMatchesAFileWhoseTimeIsUnknown() {
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set("Range", "bytes=10-");
        headers.set("If-Range", "Wed, 31 Dec 1969 23:59:59 GMT");
        assertThat(WebRootFiles.ByteRange.of(headers, 100, WebRootFiles.UNKNOWN_TIME, 1_767_225_600L)).isNull();
    }

    /** A site deploy swaps each file for its new version by renaming it into place: each download is one version whole. */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileSwappedByRenameWhileRequestedIsSentAsOneVersionWhole() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        byte[] small = new byte[1_000];
        byte[] large = new byte[200_000];
        new Random(11).nextBytes(small);
        new Random(12).nextBytes(large);
        Path file = Files.write(root.resolve("player.js"), small);
        AtomicBoolean deploying = new AtomicBoolean(true);
        Thread deploy = new Thread(() -> swapUntilStopped(file, deploying, small, large));
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(root))) {
            deploy.start();
            for (int i = 0; i < 300; i++) {
                HttpResponse<byte[]> answer = get(server, "/player.js");
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(Arrays.equals(answer.body(), small) || Arrays.equals(answer.body(), large))
                        .withFailMessage("download %d: %d bytes, neither version whole", i, answer.body().length).isTrue();
            }
        } finally {
            deploying.set(false);
            deploy.join();
        }
    }

    private static void swapUntilStopped(Path file, AtomicBoolean deploying, byte[] first, byte[] second) {
        Path next = file.resolveSibling("player.js.new");
        try {
            for (int i = 0; deploying.get(); i++) {
                Files.write(next, i % 2 == 0 ? second : first);
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A web player on another site that seeks in a file needs to read where the piece it got goes. */
    @Test
    void aPlayerOnAnotherSiteMayReadTheHeadersOfARange() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        Files.write(root.resolve("show.mp3"), new byte[1000]);
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(root))) {
            HttpResponse<byte[]> part = get(server, "/show.mp3", "Origin", "https://player.example", "Range", "bytes=0-9");
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.headers().firstValue("access-control-expose-headers").orElseThrow().toLowerCase(Locale.ROOT))
                    .contains("content-range", "accept-ranges", "content-length");
        }
    }

    @Test
    void nothingOutsideTheRootNoDotfilesNoDirectoriesAndAMountGoesFirst() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.writeString(root.resolve(".htpasswd"), "dj:secret");
        Files.createDirectories(root.resolve("images"));
        Files.writeString(root.resolve("inside.txt"), "inside");
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("inside.txt"));
        Files.writeString(root.resolve("live"), "a file named like the mount");
        Files.writeString(root.resolve("auth.xsl"), "<xsl:stylesheet/>");
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(root))) {
            assertThat(get(server, "/escape.txt").statusCode()).as("a link out of the root").isEqualTo(404);
            assertThat(get(server, "/.htpasswd").statusCode()).isEqualTo(404);
            assertThat(get(server, "/auth.xsl").statusCode()).as("a template Icecast would run").isEqualTo(404);
            assertThat(get(server, "/images").statusCode()).isEqualTo(404);
            assertThat(get(server, "/images/").statusCode()).isEqualTo(404);
            assertThat(get(server, "/missing.png").statusCode()).isEqualTo(404);
            assertThat(new String(get(server, "/alias.txt").body(), StandardCharsets.UTF_8))
                    .as("a link within the root").isEqualTo("inside");
            try (RawClient raw = RawClient.connect(server.port())) {
                raw.send("GET /../secret.txt HTTP/1.0\r\n\r\n");
                assertThat(raw.readHead().status()).isEqualTo(400);
            }
            try (RawClient raw = RawClient.connect(server.port())) {
                raw.send("GET /%2e%2e/secret.txt HTTP/1.0\r\n\r\n");
                assertThat(raw.readHead().status()).isIn(400, 404);
            }
            assertThat(new String(get(server, "/live").body(), StandardCharsets.UTF_8))
                    .as("no mount yet: the file").isEqualTo("a file named like the mount");
            try (RawClient source = RawSource.onAir(server.port(), "/live", TestServer.SOURCE_PASSWORD)) {
                source.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/live") != null);
                try (RawClient listener = RawClient.listening(server.port(), "/live")) {
                    assertThat(listener.readExactly(4)[0]).as("the mount's audio, not the file").isEqualTo((byte) 0xFF);
                }
            }
        }
    }

    /** A client that sends its next request before the file has come gets the file, and the connection ends there. */
    @Test
    void aRequestPipelinedBehindAFileIsNotAnsweredIntoIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        byte[] first = new byte[300_000];
        new Random(3).nextBytes(first);
        Files.write(root.resolve("first.bin"), first);
        Files.writeString(root.resolve("second.txt"), "second");
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(root));
             LoggedWarnings errors = LoggedWarnings.of(ExceptionHandler.class);
             LoggedWarnings access = LoggedWarnings.of("relaycast.access");
             RawClient client = RawClient.connect(server.port())) {
            client.send("GET /first.bin HTTP/1.1\r\nHost: radio\r\n\r\nGET /second.txt HTTP/1.1\r\nHost: radio\r\n\r\n");
            RawClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("connection")).isEqualTo("close");
            assertThat(client.readToEnd()).as("the file, and nothing after it").isEqualTo(first);
            await().atMost(Duration.ofSeconds(5)).until(() -> access.first(Level.INFO, "", "/first.bin") != null);
            assertThat(access.first(Level.INFO, "", "/second.txt")).as("the second request is never read").isNull();
            assertThat(errors.first("", "")).as("nothing went wrong on the way").isNull();
        }
    }

    /** {@code certbot --webroot} proves the station's name by putting a token under the root's {@code .well-known}. */
    @Test
    void anAcmeChallengeUnderWellKnownIsServedAndNoOtherDotName() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        Path challenges = Files.createDirectories(root.resolve(".well-known/acme-challenge"));
        Files.writeString(challenges.resolve("token-1"), "token-1.thumbprint");
        Files.writeString(challenges.resolve(".hidden"), "private");
        Files.writeString(root.resolve(".hidden"), "private");
        Files.writeString(Files.createDirectories(root.resolve(".git")).resolve("config"), "[core]");
        Files.writeString(Files.createDirectories(root.resolve("a/.well-known")).resolve("x"), "x");
        Files.writeString(root.resolve("inside.txt"), "inside");
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(root))) {
            HttpResponse<byte[]> challenge = get(server, "/.well-known/acme-challenge/token-1");
            assertThat(challenge.statusCode()).isEqualTo(200);
            assertThat(new String(challenge.body(), StandardCharsets.UTF_8)).isEqualTo("token-1.thumbprint");
            assertThat(get(server, "/.hidden").statusCode()).isEqualTo(404);
            assertThat(get(server, "/.git/config").statusCode()).isEqualTo(404);
            assertThat(get(server, "/a/.well-known/x").statusCode()).isEqualTo(404);
            assertThat(get(server, "/.well-known/acme-challenge/.hidden").statusCode()).isEqualTo(404);
            assertThat(get(server, "/.well-known/acme-challenge").statusCode()).isEqualTo(404);
        }
        assertThat(WebRootFiles.resolve(root, "/.well-known/../inside.txt")).isNull();
        assertThat(WebRootFiles.resolve(root, "/.well-known/./acme-challenge/token-1")).isNull();
    }

    @Test
    void withoutAWebRootAnUnknownPathIsNotFound() throws Exception {
        Files.writeString(dir.resolve("logo.png"), "x");
        try (TestServer server = TestServer.start()) {
            assertThat(get(server, "/logo.png").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aReaderThatStopsTakingAFileIsClosedAndOthersStillGetTheFile() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        byte[] big = new byte[16 * 1024 * 1024];
        Files.write(root.resolve("show.mp3"), big);
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(root))) {
            try (RawClient stalled = RawClient.connect(server.port(), 4096)) {
                stalled.send("GET /show.mp3 HTTP/1.0\r\n\r\n");
                assertThat(stalled.readHead().status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).until(() -> server.context().requests().openConnections() == 0);
                assertThat(stalled.readToEnd().length).as("cut short").isLessThan(big.length);
            }
            assertThat(get(server, "/show.mp3").body()).hasSize(big.length);
        }
    }

    /**
     * A player reads a show from the web root in real time, a little every half second, for several times the timeout:
     * it never stops taking it, so it gets all of it.
     */
    @Test
    void aSlowReaderThatNeverStopsTakingAFileGetsAllOfIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        byte[] show = new byte[4 * 1024 * 1024];
        new Random(5).nextBytes(show);
        Files.write(root.resolve("show.mp3"), show);
        try (TestServer server = TestServer.start(withTimeout(root, Duration.ofSeconds(2)));
             RawClient player = RawClient.connect(server.port(), 4096)) {
            player.send("GET /show.mp3 HTTP/1.0\r\n\r\n");
            assertThat(player.readHead().status()).isEqualTo(200);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            received.write(player.readSlowly(8 * 1024, Duration.ofMillis(500), Duration.ofSeconds(6)));
            received.write(player.readToEnd());
            assertThat(received.size()).isEqualTo(show.length);
            assertThat(received.toByteArray()).isEqualTo(show);
        }
    }

    /** Icecast's line for a download says how much of the file went out and for how long, a download cut short included. */
    @Test
    void aDownloadCutShortIsLoggedWithTheBytesSentAndItsSeconds() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        byte[] big = new byte[16 * 1024 * 1024];
        Files.write(root.resolve("show.mp3"), big);
        try (TestServer server = TestServer.start(withTimeout(root, Duration.ofSeconds(1)));
             LoggedWarnings access = LoggedWarnings.of("relaycast.access");
             RawClient stalled = RawClient.connect(server.port(), 4096)) {
            stalled.send("GET /show.mp3 HTTP/1.0\r\n\r\n");
            assertThat(stalled.readHead().status()).isEqualTo(200);
            stalled.readExactly(64 * 1024);
            await("the download's line").atMost(Duration.ofSeconds(10))
                    .until(() -> access.first(Level.INFO, "", "/show.mp3") != null);
            Matcher line = Pattern.compile("\"GET /show.mp3 HTTP/1.0\" 200 (\\d+) \"-\" \"-\" (\\d+)$")
                    .matcher(access.first(Level.INFO, "", "/show.mp3"));
            assertThat(line.find()).isTrue();
            assertThat(Long.parseLong(line.group(1))).isBetween(64L * 1024, big.length - 1L);
            assertThat(Long.parseLong(line.group(2))).isGreaterThanOrEqualTo(1);
        }
    }

    /** An operator copies a new show over the one being downloaded: {@code cp} cuts it short in place. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileCutShortWhileSentEndsItsDownloadAndNotItsEventLoop() throws Exception {
        Path root = Files.createDirectories(dir.resolve("web"));
        Path show = root.resolve("show.mp3");
        Files.write(show, new byte[16 * 1024 * 1024]);
        Files.writeString(root.resolve("logo.txt"), "logo");
        // One event loop: the download and every request after it are on it.
        try (TestServer server = TestServer.start(TestServer.config().withWebRoot(root), 1);
             LoggedWarnings warnings = LoggedWarnings.of(WebRootFiles.class);
             RawClient download = RawClient.connect(server.port(), 4096)) {
            download.send("GET /show.mp3 HTTP/1.0\r\n\r\n");
            assertThat(download.readHead().status()).isEqualTo(200);
            download.readExactly(64 * 1024);
            Files.write(show, new byte[1024]);
            boolean closedByServer = download.closedByServer(10_000);

            assertThat(new String(get(server, "/logo.txt").body(), StandardCharsets.UTF_8)).isEqualTo("logo");
            assertThat(closedByServer).isTrue();
            assertThat(warnings.first("", "/show.mp3 was cut short while being sent")).isNotNull();
            await("the file let go").atMost(Duration.ofSeconds(5)).until(() -> handlesOn(show) == 0);
        }
    }

    /** How many of this JVM's open file descriptors are on {@code file} (Linux). */
    private static long handlesOn(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(descriptor -> real.equals(target(descriptor))).count();
        }
    }

    private static Path target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor);
        } catch (IOException closedMeanwhile) {
            return null;
        }
    }

    private static ServerConfig withTimeout(Path root, Duration listenerTimeout) {
        return TestServer.config().withWebRoot(root).toBuilder().listenerTimeout(listenerTimeout).build();
    }

    private static HttpResponse<byte[]> get(TestServer server, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
