package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.Relaying;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Reading a master's stream list ends: a master that stops sending half-way through its list holds no reading forever. */
class MasterListReadTest {

    @Test
    void aMasterThatStallsInTheMiddleOfItsListIsGivenUpAndAskedAgainAtTheNextReading() throws Exception {
        List<Socket> asked = new CopyOnWriteArrayList<>();
        try (TestServer server = TestServer.start();
             ServerSocket master = stallingMaster(asked)) {
            Relaying settings = new Relaying(URI.create("http://127.0.0.1:" + master.getLocalPort()), Duration.ofSeconds(1),
                    null, null);
            try (MasterRelay relay = new MasterRelay(settings, Set::of, server.context().mounts(), (mount, origin) -> {
                throw new AssertionError("nothing is listed");
            }, null).start()) {
                await("the first reading").atMost(Duration.ofSeconds(5)).until(() -> asked.size() >= 1);
                await("a reading after the stalled one").atMost(Duration.ofSeconds(20)).until(() -> asked.size() >= 2);
            }
        } finally {
            for (Socket socket : asked) {
                socket.close();
            }
        }
    }

    /**
     * The list is asked for in plain HTTP/1.1, as Icecast's slaves ask (libcurl): the JDK client's default offers every
     * new {@code http://} connection an upgrade to HTTP/2 ({@code Upgrade: h2c}), which some proxies refuse.
     */
    @Test
    void theListIsAskedForWithNoUpgradeToHttp2() throws Exception {
        try (TestServer server = TestServer.start();
             AnsweringOrigin master = AnsweringOrigin.answering(listing("/live"))) {
            try (MasterRelay relay = followerOf(server, URI.create("http://127.0.0.1:" + master.port())).start()) {
                await("the list read").atMost(Duration.ofSeconds(10)).until(() -> relay.lastList().equals(Set.of("/live")));
            }
            assertThat(master.heads().get(0)).startsWith("GET /admin/streamlist.txt HTTP/1.1\r\n")
                    .doesNotContainIgnoringCase("upgrade").doesNotContainIgnoringCase("HTTP2-Settings");
        }
    }

    /**
     * A master that moved (to another port, to https) is followed there, as relays follow their origins; the relay's
     * login goes only to the same server, not to wherever a redirect points.
     */
    @Test
    void aMasterThatMovedIsFollowedWithItsLoginOnlyToTheSameServer() throws Exception {
        try (TestServer server = TestServer.start();
             AnsweringOrigin moved = AnsweringOrigin.answering(listing("/live"));
             AnsweringOrigin elsewhere = AnsweringOrigin.answering(movedTo("http://127.0.0.1:" + moved.port() + "/list"));
             AnsweringOrigin master = AnsweringOrigin.redirectingToItself("/moved")) {
            try (MasterRelay relay = followerOf(server, URI.create("http://relay:secret@127.0.0.1:" + elsewhere.port()))
                    .start()) {
                await("the list read where it moved").atMost(Duration.ofSeconds(10))
                        .until(() -> relay.lastList().equals(Set.of("/live")));
            }
            assertThat(elsewhere.heads().get(0)).contains("Authorization: Basic ");
            assertThat(moved.heads().get(0)).startsWith("GET /list HTTP/1.1\r\n").doesNotContainIgnoringCase("Authorization");
            try (MasterRelay relay = followerOf(server, URI.create("http://relay:secret@127.0.0.1:" + master.port()))
                    .start()) {
                await("a redirect on the same server followed").atMost(Duration.ofSeconds(10))
                        .until(() -> master.heads().size() >= 2);
            }
            assertThat(master.heads().get(1)).startsWith("GET /moved HTTP/1.1\r\n").contains("Authorization: Basic ");
        }
    }

    /** A master relaying only mounts that are configured here: its pullers are never started. */
    private static MasterRelay followerOf(TestServer server, URI master) {
        Relaying settings = new Relaying(master, Duration.ofSeconds(1), null, null);
        return new MasterRelay(settings, () -> Set.of("/live"), server.context().mounts(), (mount, origin) -> {
            throw new AssertionError("every mount listed is configured here");
        }, null);
    }

    /** A 200 answer listing {@code paths}. */
    private static String listing(String... paths) {
        String body = String.join("\r\n", paths) + "\r\n";
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    private static String movedTo(String location) {
        return "HTTP/1.1 301 Moved Permanently\r\nLocation: " + location + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    }

    /** Answers each request with a 200 head announcing a list and the list's first line, then says nothing more. */
    private static ServerSocket stallingMaster(List<Socket> asked) throws IOException {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        byte[] partial = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n/radio\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    asked.add(client);
                    OutputStream out = client.getOutputStream();
                    out.write(partial);
                    out.flush();
                } catch (IOException closed) {
                    // The test is over, or the reader gave up on this connection.
                }
            }
        }, "stalling-master");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }
}
