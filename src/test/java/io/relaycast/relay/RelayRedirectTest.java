package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.StreamInfo;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An origin that redirects the relay elsewhere (a load balancer, a moved stream) is followed, as Icecast's relays do. */
class RelayRedirectTest {

    @Test
    void aRelayFollowsItsOriginsRedirectToTheStream(@TempDir Path dir) throws Exception {
        try (TestServer stream = TestServer.start(TestServer.config(Duration.ofSeconds(30)))) {
            AnsweringOrigin moved = AnsweringOrigin.answering("HTTP/1.1 302 Found\r\nLocation: " + stream.url("/live")
                    + "\r\nContent-Length: 0\r\n\r\n");
            MountConfig relayed = MountConfig.builder("/radio")
                    .relay(URI.create("http://127.0.0.1:" + moved.port() + "/moved")).build();
            try (moved; RawClient dj = RawSource.open(stream.port(), "/live");
                 TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(relayed)))) {
                dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 3)));
                Mount radio = relay.context().mounts().find("/radio");
                await("the stream it was sent to plays on the relay").atMost(Duration.ofSeconds(10))
                        .until(() -> radio.stats().framesReceived() > 0);
            }
        }
    }

    @Test
    void aRedirectToAPortThatCannotBeIsNotFollowedAndTheOriginIsAskedAgain() throws Exception {
        try (TestServer server = TestServer.start();
             AnsweringOrigin origin = AnsweringOrigin.answering("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:70000/x"
                     + "\r\nContent-Length: 0\r\n\r\n")) {
            Mount mount = server.context().mounts().keep("/radio", this);
            RelayPuller puller = pullerOf(mount, URI.create("http://127.0.0.1:" + origin.port() + "/live"));
            try {
                await("the origin asked again, the relay not left stuck").atMost(Duration.ofSeconds(10))
                        .until(() -> origin.accepts() >= 3);
            } finally {
                puller.close();
            }
        }
    }

    @Test
    void anAbsoluteRedirectToTheSameServerIsFollowedWithTheRelaysLogin() throws Exception {
        try (TestServer server = TestServer.start(); AnsweringOrigin origin = AnsweringOrigin.redirectingToItself("/moved")) {
            Mount mount = server.context().mounts().keep("/radio", this);
            RelayPuller puller = pullerOf(mount, URI.create("http://relay:secret@127.0.0.1:" + origin.port() + "/live"));
            try {
                await("the redirect followed").atMost(Duration.ofSeconds(10)).until(() -> origin.heads().size() >= 2);
            } finally {
                puller.close();
            }
            String login = "Authorization: Basic "
                    + Base64.getEncoder().encodeToString("relay:secret".getBytes(StandardCharsets.UTF_8));
            assertThat(origin.heads().get(0)).startsWith("GET /live ").contains(login);
            assertThat(origin.heads().get(1)).as("the request the redirect led to").startsWith("GET /moved ").contains(login);
        }
    }

    /**
     * A redirect whose try is put off because a local source took the mount meanwhile leaves no stale target behind:
     * once the source leaves, the relay asks the origin itself again, as every new try does.
     */
    @Test
    void aTryPutOffForALocalSourceAfterARedirectStartsAtTheOriginOnceTheSourceLeaves() throws Exception {
        try (TestServer server = TestServer.start(); LoggedWarnings log = LoggedWarnings.of(RelayPuller.class);
             AnsweringOrigin origin = AnsweringOrigin.redirectingToItself("/moved").holdingAnswers()) {
            Mount mount = server.context().mounts().keep("/radio", this);
            RelayPuller puller = pullerOf(mount, URI.create("http://127.0.0.1:" + origin.port() + "/live"));
            LiveSource dj = new LiveSource(new InetSocketAddress("127.0.0.1", 9), "dj", Instant.now(), StreamInfo.unnamed(),
                    () -> { });
            try {
                await("the origin asked").atMost(Duration.ofSeconds(10)).until(() -> origin.heads().size() >= 1);
                assertThat(mount.claimLive(dj)).isTrue();
                origin.letGo();
                await("the redirect put off for the source").atMost(Duration.ofSeconds(10))
                        .until(() -> log.first(Level.INFO, "relay /radio", "mount held by a source") != null);
                mount.releaseLive(dj);
                await("the next try").atMost(Duration.ofSeconds(10)).until(() -> origin.heads().size() >= 2);
            } finally {
                puller.close();
            }
            assertThat(origin.heads().get(1)).startsWith("GET /live ");
        }
    }

    private static RelayPuller pullerOf(Mount mount, URI url) {
        Class<? extends Channel> channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        RelayBackoff backoff = new RelayBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        return new RelayPuller(mount, url, mount.loop(), channelType, Duration.ofSeconds(10), false, null, backoff).start();
    }
}
