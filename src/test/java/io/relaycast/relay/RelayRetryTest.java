package io.relaycast.relay;

import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.relaycast.mount.Mount;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When a relay dials its origin again: not every first pause for an origin that answers 200 but never sends audio, and
 * not at all while a local source holds the relay's mount (each try would take a listener place at the origin).
 */
class RelayRetryTest {

    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(2);

    private final AtomicInteger accepts = new AtomicInteger();

    @Test
    void anOriginThatAnswersButSendsNoAudioIsAskedLessAndLessOften() throws Exception {
        try (TestServer server = TestServer.start();
             ServerSocket origin = headOnlyOrigin(accepts)) {
            Mount mount = server.context().mounts().keep("/radio", this);
            RelayPuller puller = pullerOf(mount, origin);
            try {
                await("a few tries").atMost(Duration.ofSeconds(5)).until(() -> accepts.get() >= 3);
                // Pauses of 0.1, 0.2, 0.4, 0.8, 1.6, 2 s: at most 7 tries in 3 s; pauses never growing make about 30.
                await("the pauses grow").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                        .until(() -> accepts.get() <= 7);
            } finally {
                puller.close();
            }
        }
    }

    @Test
    void aRelayDoesNotDialItsOriginWhileALocalSourceHoldsItsMountAndDialsOnceItLeaves() throws Exception {
        try (TestServer server = TestServer.start();
             ServerSocket origin = headOnlyOrigin(accepts)) {
            Mount mount = server.context().mounts().keep("/radio", this);
            RelayPuller puller;
            try (RawClient dj = RawSource.open(server.port(), "/radio")) {
                await("the local source holds the mount").atMost(Duration.ofSeconds(5))
                        .until(() -> mount.liveSource() != null);
                puller = pullerOf(mount, origin);
                await("no dialling across several pauses").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                        .until(() -> accepts.get() == 0);
            }
            try {
                await("dialled once the source left").atMost(Duration.ofSeconds(4)).until(() -> accepts.get() >= 1);
            } finally {
                puller.close();
            }
        }
    }

    private static RelayPuller pullerOf(Mount mount, ServerSocket origin) {
        Class<? extends Channel> channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        RelayBackoff backoff = new RelayBackoff(FIRST, MAX, Duration.ofSeconds(30), Duration.ofSeconds(30));
        URI url = URI.create("http://127.0.0.1:" + origin.getLocalPort() + "/live");
        return new RelayPuller(mount, url, mount.loop(), channelType, Duration.ofSeconds(10), false, null, backoff).start();
    }

    /** An origin answering every connection with a 200 audio/mpeg head and closing it at once, counted in {@code accepts}. */
    private static ServerSocket headOnlyOrigin(AtomicInteger accepts) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        byte[] head = "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    accepts.incrementAndGet();
                    client.getOutputStream().write(head);
                } catch (IOException closedOrHungUp) {
                    // The test is over, or the relay hung up first: either way the next accept says which.
                }
            }
        }, "head-only-origin");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }
}
