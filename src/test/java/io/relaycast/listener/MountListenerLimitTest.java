package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A mount's own listener limit (Icecast's per-mount {@code max-listeners}): a full mount answers 503 and says so, other
 * mounts are not affected, a place is freed when its listener leaves, and listeners an admin moves in keep theirs.
 */
class MountListenerLimitTest {

    @Test
    void aFullMountRefusesWithA503WhileOtherMountsStillTakeListeners() throws Exception {
        MountConfig small = MountConfig.builder("/small").listeners(ListenerRules.maxListeners(2)).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(small, MountConfig.of("/big"))));
             RawClient first = listen(server, "/small");
             RawClient second = listen(server, "/small");
             RawClient refused = RawClient.connect(server.port());
             RawClient elsewhere = listen(server, "/big")) {
            refused.send("GET /small HTTP/1.0\r\n\r\n");
            assertThat(refused.readHead().status()).isEqualTo(503);
            assertThat(new String(refused.readToEnd(), StandardCharsets.UTF_8))
                    .isEqualTo("Mount full: 2 listeners on /small\n");
            assertThat(elsewhere.closedByServer(100)).as("the other mount plays on").isFalse();
            assertThat(head(server, "/small")).as("a HEAD takes no place").isEqualTo(200);
            JsonNode sources = new ObjectMapper().readTree(WebClient.get(server.url("/status.json")).body())
                    .path("icestats").path("source");
            assertThat(sources.findValues("max_listeners")).extracting(JsonNode::asText)
                    .as("/big, then /small, as Icecast's stats show them").containsExactly("unlimited", "2");
            String stats = WebClient.get(server.url("/admin/stats"), "Authorization", WebClient.admin()).body();
            assertThat(stats).contains("<max_listeners>2</max_listeners>", "<max_listeners>unlimited</max_listeners>");

            Mount mount = server.context().mounts().find("/small");
            first.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().currentListeners() == 1);
            try (RawClient third = listen(server, "/small")) {
                assertThat(third.closedByServer(100)).as("the freed place is taken again").isFalse();
            }
        }
    }

    @Test
    void aFullMountWithFallbackWhenFullSendsNewListenersToItsFallbackMountUntilThatIsFullToo() {
        MountConfig small = MountConfig.builder("/small").fallbackMount("/big")
                .listeners(ListenerRules.maxListeners(1).withOverflowMount("/big")).build();
        MountConfig big = MountConfig.builder("/big").listeners(ListenerRules.maxListeners(1)).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(small, big)));
             RawClient first = listen(server, "/small");
             RawClient second = RawClient.connect(server.port());
             RawClient third = RawClient.connect(server.port())) {
            Mount smallMount = server.context().mounts().find("/small");
            Mount bigMount = server.context().mounts().find("/big");
            await().atMost(Duration.ofSeconds(5)).until(() -> smallMount.stats().currentListeners() == 1);
            second.send("GET /small HTTP/1.0\r\n\r\n");
            assertThat(second.readHead().status()).as("served by the fallback mount").isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> bigMount.stats().currentListeners() == 1);
            assertThat(smallMount.stats().currentListeners()).isEqualTo(1);
            assertThat(second.closedByServer(100)).isFalse();

            third.send("GET /small HTTP/1.0\r\n\r\n");
            assertThat(third.readHead().status()).as("both full").isEqualTo(503);
            assertThat(new String(third.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("Mount full: 1 listeners on /small\n");
            assertThat(bigMount.stats().currentListeners()).isEqualTo(1);
        }
    }

    @Test
    void listenersMovedInByAnAdminKeepTheirPlaceOnTheFullMount() {
        MountConfig small = MountConfig.builder("/small").listeners(ListenerRules.maxListeners(1)).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(small, MountConfig.of("/big"))));
             RawClient resident = listen(server, "/small");
             RawClient mover = listen(server, "/big")) {
            Mount smallMount = server.context().mounts().find("/small");
            Mount bigMount = server.context().mounts().find("/big");
            String move = server.url("/admin/moveclients?mount=/big&destination=/small");
            assertThat(WebClient.get(move, "Authorization", WebClient.admin()).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> smallMount.stats().currentListeners() == 2);
            assertThat(mover.closedByServer(100)).as("moved, not dropped").isFalse();

            resident.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> smallMount.stats().currentListeners() == 1);
            assertThat(status(server, "/small")).as("the moved listener holds the only place").isEqualTo(503);
            assertThat(status(server, "/big")).as("and gave its place on /big back").isEqualTo(200);
            assertThat(bigMount.maxListeners()).isEqualTo(MountConfig.NO_LIMIT);
        }
    }

    private static RawClient listen(TestServer server, String mount) {
        RawClient listener = RawClient.connect(server.port());
        listener.send("GET " + mount + " HTTP/1.0\r\n\r\n");
        assertThat(listener.readHead().status()).isEqualTo(200);
        return listener;
    }

    private static int status(TestServer server, String mount) {
        try (RawClient listener = RawClient.connect(server.port())) {
            listener.send("GET " + mount + " HTTP/1.0\r\n\r\n");
            return listener.readHead().status();
        }
    }

    private static int head(TestServer server, String mount) {
        try (RawClient listener = RawClient.connect(server.port())) {
            listener.send("HEAD " + mount + " HTTP/1.0\r\n\r\n");
            return listener.readHead().status();
        }
    }
}
