package io.relaycast.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.relaycast.auth.BackendForms;
import io.relaycast.config.MountConfig;
import io.relaycast.config.MountDefaults;
import io.relaycast.config.SourceActions;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.StreamInfo;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notices a mount's web backend gets ({@code mount_add}, {@code mount_remove}), with a real backend on a socket: in
 * the order the sources came and went, as Icecast sends them from its one authentication thread.
 */
class BackendNotifierTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final Mount mount = new Mount("/live", loop, List.of(loop), UnpooledByteBufAllocator.DEFAULT, 64 * 1024,
            Duration.ofMillis(100), false);
    private final ExecutorService backendThreads = Executors.newCachedThreadPool();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    /** The mount_adds that arrived since the last mount_remove did. */
    private final Semaphore addsArrived = new Semaphore(0);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        backendThreads.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * A handover: DJ A leaves and DJ B, held until then, goes on air at once. The backend hears A's mount_remove before
     * B's mount_add even when it takes its time over the first, so the station's site shows B live, not off air.
     */
    @Test
    void theBackendHearsOfASourceLeavingBeforeItHearsOfTheNextComing() throws IOException {
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            backendThreads.execute(() -> serve(backend));
            URI url = URI.create("http://127.0.0.1:" + backend.getLocalPort() + "/notice");
            BackendNotifier notifier = new BackendNotifier(() -> new SourceActions(null, null, null, url, url), "localhost",
                    () -> 8000, BackendForms.client(), new NoticesInOrder());
            notifier.liveEnded(mount, source("192.0.2.1"));
            notifier.liveStarted(mount, source("192.0.2.2"));
            await("both notices heard").atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
            assertThat(heard).containsExactly("mount_remove", "mount_add");
        }
    }

    /**
     * A mount made by a source, from a {@code mount-defaults} pattern, is retired when its source leaves and nobody
     * listens, and the next source gets a new one: its notices still wait for the last source's, so the backend, slow
     * over the mount_remove, hears it before the next source's mount_add.
     */
    @Test
    void aMountRetiredBetweenTwoSourcesStillHasItsNoticesHeardInOrder() throws IOException {
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 0.5));
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            backendThreads.execute(() -> serve(backend));
            URI url = URI.create("http://127.0.0.1:" + backend.getLocalPort() + "/notice");
            MountConfig notified = MountConfig.builder("/dj*").sourceActions(new SourceActions(null, null, null, url, url))
                    .build();
            try (TestServer server = TestServer.start(TestServer.config().withMountDefaults(
                    List.of(new MountDefaults("/dj*", notified))))) {
                try (RawClient first = RawSource.open(server.port(), "/dj1")) {
                    first.send(audio);
                    await("first source's mount_add").atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
                }
                await("the first source's mount retired").atMost(Duration.ofSeconds(10))
                        .until(() -> server.context().mounts().find("/dj1") == null);
                try (RawClient second = RawSource.open(server.port(), "/dj1")) {
                    second.send(audio);
                    await("every notice heard").atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 3);
                }
            }
            assertThat(heard).containsExactly("mount_add", "mount_remove", "mount_add");
        }
    }

    /** Answers each connection on a thread of its own, as a web server with several workers does. */
    private void serve(ServerSocket backend) {
        try {
            while (true) {
                Socket connection = backend.accept();
                backendThreads.execute(() -> answer(connection));
            }
        } catch (IOException ignored) {
            // the test is over
        }
    }

    /** A backend slow over a mount_remove: it takes up to 1 s, less should a mount_add arrive meanwhile. */
    private void answer(Socket connection) {
        try (connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            char[] form = new char[length];
            int read = 0;
            while (read < length) {
                read += Math.max(1, in.read(form, read, length - read));
            }
            String action = new String(form).replaceFirst("^action=([a-z_]+).*$", "$1");
            if ("mount_add".equals(action)) {
                addsArrived.release();
            } else {
                addsArrived.drainPermits();
                addsArrived.tryAcquire(1, TimeUnit.SECONDS);
            }
            heard.add(action);
            connection.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | InterruptedException ignored) {
            // the test is over
        }
    }

    private static LiveSource source(String address) {
        return new LiveSource(new InetSocketAddress(address, 40000), "butt-0.1.40", Instant.now(), StreamInfo.unnamed(),
                () -> { });
    }
}
