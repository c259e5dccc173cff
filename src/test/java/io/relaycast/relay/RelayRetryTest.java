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
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When a relay dials its origin again: not every first pause for an origin that answers 200 but never sends audio, and
 * not at all while a local source holds the relay's mount (each try would take a listener place at the origin).
 */
class RelayRetryTest {

    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(2);

    private static final String MP3_HEAD = "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n";

    @Test
    void anOriginThatAnswersButSendsNoAudioIsAskedLessAndLessOften() throws Exception {
        try (TestServer server = TestServer.start();
             AnsweringOrigin origin = AnsweringOrigin.answering(MP3_HEAD)) {
            Mount mount = server.context().mounts().keep("/radio", this);
            RelayPuller puller = pullerOf(mount, origin);
            try {
                await("a few tries").atMost(Duration.ofSeconds(5)).until(() -> origin.accepts() >= 3);
                // Pauses of 0.1, 0.2, 0.4, 0.8, 1.6, 2 s: at most 7 tries in 3 s; pauses never growing make about 30.
                await("the pauses grow").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                        .until(() -> origin.accepts() <= 7);
            } finally {
                puller.close();
            }
        }
    }

    @Test
    void aRelayDoesNotDialItsOriginWhileALocalSourceHoldsItsMountAndDialsOnceItLeaves() throws Exception {
        try (TestServer server = TestServer.start();
             AnsweringOrigin origin = AnsweringOrigin.answering(MP3_HEAD)) {
            Mount mount = server.context().mounts().keep("/radio", this);
            RelayPuller puller;
            try (RawClient dj = RawSource.open(server.port(), "/radio")) {
                await("the local source holds the mount").atMost(Duration.ofSeconds(5))
                        .until(() -> mount.liveSource() != null);
                puller = pullerOf(mount, origin);
                await("no dialling across several pauses").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                        .until(() -> origin.accepts() == 0);
            }
            try {
                await("dialled once the source left").atMost(Duration.ofSeconds(4)).until(() -> origin.accepts() >= 1);
            } finally {
                puller.close();
            }
        }
    }

    private static RelayPuller pullerOf(Mount mount, AnsweringOrigin origin) {
        Class<? extends Channel> channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        RelayBackoff backoff = new RelayBackoff(FIRST, MAX, Duration.ofSeconds(30), Duration.ofSeconds(30));
        URI url = URI.create("http://127.0.0.1:" + origin.port() + "/live");
        return new RelayPuller(mount, url, mount.loop(), channelType, Duration.ofSeconds(10), false, null, backoff).start();
    }

}
