package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.testing.FreePorts;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay's pauses between tries: short after a failure, and much longer after an origin answered in a format relaycast
 * does not relay (a master lists its Ogg mounts too), which used to be asked for again every 16 s forever.
 */
class RelayBackoffTest {

    @TempDir
    Path dir;

    @Test
    void failuresDoubleToSixteenSecondsAndFormatRefusalsToFiveMinutes() {
        RelayBackoff backoff = RelayBackoff.standard();
        assertThat(seconds(backoff::afterFailure, 6)).containsExactly(1L, 2L, 4L, 8L, 16L, 16L);
        assertThat(backoff.formatRefusedBefore()).isFalse();
        assertThat(seconds(backoff::afterFormatRefusal, 6)).containsExactly(30L, 60L, 120L, 240L, 300L, 300L);
        assertThat(backoff.formatRefusedBefore()).isTrue();
        backoff.resetFailures();
        assertThat(backoff.formatRefusedBefore()).as("a listener coming is not a change of format").isTrue();
        assertThat(backoff.afterFormatRefusal().toSeconds()).isEqualTo(300);
        backoff.connected();
        assertThat(backoff.formatRefusedBefore()).isFalse();
        assertThat(backoff.afterFailure().toSeconds()).isEqualTo(1);
        assertThat(backoff.afterFormatRefusal().toSeconds()).isEqualTo(30);
    }

    @Test
    void anOriginInAnotherFormatIsAskedLessOftenAndRelayedOnceItSendsMp3() throws Exception {
        List<byte[]> frames = TestAudio.toneFrames(dir, 2);
        try (TestServer server = TestServer.start();
             FakeOrigin origin = new FakeOrigin(TestAudio.concat(frames))) {
            Mount mount = server.context().mounts().keep("/ogg", this);
            // The format pauses leave the one-second watch below seconds of slack on a loaded machine.
            RelayBackoff backoff = new RelayBackoff(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(4),
                    Duration.ofSeconds(6));
            RelayPuller puller = pullerOf(mount, "http://127.0.0.1:" + origin.port() + "/ogg", false, backoff);
            try {
                await("the first request").atMost(Duration.ofSeconds(5)).until(() -> origin.requests.get() == 1);
                // After a failure it would try about a dozen times in this second.
                await("no retry for a second").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                        .until(() -> origin.requests.get() == 1);
                await("the retry after the format pause").atMost(Duration.ofSeconds(8)).until(() -> origin.requests.get() == 2);
                assertThat(puller.connections()).isZero();
                origin.contentType = "audio/mpeg";
                await("relayed once it sends MP3").atMost(Duration.ofSeconds(12)).until(() -> puller.connections() == 1);
                await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().framesReceived() > 50);
                assertThat(origin.requests.get()).isEqualTo(3);
            } finally {
                puller.close();
            }
        }
    }

    @Test
    void anOnDemandRelayWhoseListenerLeftAndCameBackWhileItWaitedToRetryKeepsOneChainOfTries() {
        try (TestServer server = TestServer.start()) {
            Mount mount = server.context().mounts().keep("/on-demand", this);
            RelayBackoff backoff = new RelayBackoff(Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofSeconds(30),
                    Duration.ofSeconds(30));
            RelayPuller puller = pullerOf(mount, "http://127.0.0.1:" + FreePorts.pick() + "/live", true, backoff);
            try {
                mount.stats().listenerConnected();
                await("the first try, at a dead origin").atMost(Duration.ofSeconds(5)).until(() -> puller.attempts() == 1);
                mount.stats().listenerDisconnected(DisconnectReason.CLIENT_CLOSED, 0);
                await("no listener for longer than the linger").during(RelayPuller.LINGER.plusSeconds(1))
                        .atMost(RelayPuller.LINGER.plusSeconds(2)).until(() -> puller.attempts() == 1);
                mount.stats().listenerConnected();
                await("a new listener: tried again at once").atMost(Duration.ofSeconds(2)).until(() -> puller.attempts() == 2);
                await("the retry from before the listener left is not made too").during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(4)).until(() -> puller.attempts() == 2);
            } finally {
                puller.close();
            }
        }
    }

    /** A started puller into {@code mount} from {@code origin}, pausing between tries as {@code backoff} says. */
    private static RelayPuller pullerOf(Mount mount, String origin, boolean onDemand, RelayBackoff backoff) {
        Class<? extends Channel> channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        return new RelayPuller(mount, URI.create(origin), mount.loop(), channelType, Duration.ofSeconds(10), onDemand, null,
                backoff).start();
    }

    private static List<Long> seconds(Supplier<Duration> pauses, int count) {
        List<Long> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(pauses.get().toSeconds());
        }
        return result;
    }

    /** Answers every GET with {@link #contentType}; as MP3, streams the audio it was given and stays open. */
    private static final class FakeOrigin implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> clients = new CopyOnWriteArrayList<>();
        private final AtomicInteger requests = new AtomicInteger();
        private final byte[] audio;
        private volatile String contentType = "application/ogg";

        FakeOrigin(byte[] audio) throws IOException {
            this.audio = audio;
            Thread acceptor = new Thread(this::serve, "fake-origin");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            try {
                while (true) {
                    Socket client = socket.accept();
                    clients.add(client);
                    readHead(client.getInputStream());
                    requests.incrementAndGet();
                    OutputStream out = client.getOutputStream();
                    String type = contentType;
                    out.write(("HTTP/1.0 200 OK\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (type.equals("audio/mpeg")) {
                        out.write(audio);
                    }
                    out.flush();
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }

        private static void readHead(InputStream in) throws IOException {
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket client : clients) {
                client.close();
            }
        }
    }
}
