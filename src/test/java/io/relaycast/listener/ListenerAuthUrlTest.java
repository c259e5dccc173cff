package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ConnectionLimits;
import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.testing.FormServer;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Icecast's URL listener authentication against a station backend on a real HTTP server: it decides from the form
 * Icecast posts (listener_add), may cap the listening time, says why it refuses, and hears when each listener leaves
 * (listener_remove, same client number, seconds listened).
 */
class ListenerAuthUrlTest {

    private FormServer backend;
    private List<Map<String, String>> posts;

    @BeforeEach
    void startBackend() {
        backend = FormServer.start(this::answer);
        posts = backend.posts();
    }

    /** The station's backend: alice and trial (one second) may listen with the right password; it hears everything. */
    private Map<String, String> answer(Map<String, String> form) {
        Map<String, String> headers = new LinkedHashMap<>();
        if ("listener_add".equals(form.get("action"))) {
            if ("wonderland".equals(form.get("pass"))) {
                headers.put("icecast-auth-user", "1");
                if ("trial".equals(form.get("user"))) {
                    headers.put("icecast-auth-timelimit", "1");
                }
            } else {
                headers.put("icecast-auth-message", "Subscription expired");
            }
        }
        return headers;
    }

    @AfterEach
    void stopBackend() {
        backend.close();
    }

    @Test
    void theBackendDecidesWhoListensAndHearsWhoLeft() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium(), MountConfig.of("/free"))))) {
            Mount mount = server.context().mounts().find("/premium");
            try (RawClient alice = listen(server, "/premium", "alice", "wonderland", 200)) {
                assertThat(alice.readExactly(16_000)).isNotEmpty();
                Map<String, String> add = posts.get(0);
                assertThat(add).containsEntry("path", "/auth/add").containsEntry("action", "listener_add")
                        .containsEntry("mount", "/premium").containsEntry("user", "alice")
                        .containsEntry("pass", "wonderland").containsEntry("ip", "127.0.0.1")
                        .containsEntry("agent", "TestPlayer/1.0").containsEntry("port", Integer.toString(server.port()))
                        .containsKeys("server", "client");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> posts.stream()
                    .anyMatch(post -> "listener_remove".equals(post.get("action"))));
            Map<String, String> remove = posts.stream().filter(post -> "listener_remove".equals(post.get("action")))
                    .findFirst().orElseThrow();
            assertThat(remove).containsEntry("path", "/auth/remove").containsEntry("client", posts.get(0).get("client"))
                    .containsEntry("mount", "/premium").containsEntry("user", "alice").containsKey("duration");

            try (RawClient bob = RawClient.connect(server.port())) {
                bob.send(request("/premium", "bob", "expired"));
                RawClient.Head head = bob.readHead();
                assertThat(head.status()).isEqualTo(401);
                assertThat(new String(bob.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("Subscription expired\n");
            }
            try (RawClient trial = listen(server, "/premium", "trial", "wonderland", 200)) {
                assertThat(trial.closedByServer(5_000)).as("the backend's time limit").isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().disconnects(DisconnectReason.TIME_LIMIT) == 1);
            }
            int asked = posts.size();
            try (RawClient admin = RawClient.connect(server.port())) {
                admin.send("GET /premium HTTP/1.0\r\nAuthorization: " + WebClient.admin() + "\r\n\r\n");
                assertThat(admin.readHead().status()).as("the admin asks nobody").isEqualTo(200);
            }
            try (RawClient anyone = listen(server, "/free", null, null, 200)) {
                assertThat(anyone.readExactly(1000)).isNotEmpty();
            }
            assertThat(posts.subList(asked, posts.size())).noneMatch(post -> "listener_add".equals(post.get("action")));
        }
    }

    /**
     * A pay-per-listen backend ends a listener's time with {@code /admin/killclient?id=} and the client number it was
     * given in listener_add, as with Icecast: that number is the listener's id in listclients, whoever connected before.
     */
    @Test
    void theClientNumberTheBackendIsGivenIsTheIdKillclientTakes() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium(), MountConfig.of("/free"))))) {
            Mount premium = server.context().mounts().find("/premium");
            try (RawClient anyone = listen(server, "/free", null, null, 200);
                 RawClient alice = listen(server, "/premium", "alice", "wonderland", 200)) {
                assertThat(alice.readExactly(1000)).isNotEmpty();
                String client = posts.get(0).get("client");
                assertThat(server.context().listeners().onMount("/premium")).extracting(ListenerHandler::id)
                        .containsExactly(Long.parseLong(client));
                assertThat(WebClient.get(server.url("/admin/killclient?mount=/premium&id=" + client), "Authorization",
                        WebClient.admin()).statusCode()).isEqualTo(200);
                assertThat(alice.closedByServer(5_000)).isTrue();
                await("alice kicked").atMost(Duration.ofSeconds(5))
                        .until(() -> premium.stats().disconnects(DisconnectReason.KICKED) == 1);
                assertThat(anyone.readExactly(1000)).isNotEmpty();
            }
        }
    }

    /**
     * Token and pay-per-listen backends read the listener's ticket from the query of the address it asked for: Icecast
     * posts the raw request URI, query included, as {@code mount}, in listener_add and listener_remove alike.
     */
    @Test
    void theBackendIsToldTheRequestedAddressWithItsQuery() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium())))) {
            try (RawClient alice = listen(server, "/premium?token=a%20b&x=1", "alice", "wonderland", 200)) {
                assertThat(alice.readExactly(1000)).isNotEmpty();
            }
            await("listener_remove posted").atMost(Duration.ofSeconds(10)).until(() -> posts.stream()
                    .anyMatch(post -> "listener_remove".equals(post.get("action"))));
            assertThat(posts).extracting(post -> post.get("mount"))
                    .containsExactly("/premium?token=a%20b&x=1", "/premium?token=a%20b&x=1");
        }
    }

    @Test
    void aBackendThatCannotBeAskedIsA503AndCostsNothingElse() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium(), MountConfig.of("/free"))))) {
            backend.stop();
            try (RawClient refused = RawClient.connect(server.port())) {
                refused.send(request("/premium", "alice", "wonderland"));
                assertThat(refused.readHead().status()).isEqualTo(503);
                assertThat(new String(refused.readToEnd(), StandardCharsets.UTF_8))
                        .isEqualTo("Listener authentication is unavailable, try again\n");
            }
            assertThat(server.context().mounts().find("/premium").stats().currentListeners()).isZero();
            assertThat(server.context().listeners().count()).isZero();
            try (RawClient anyone = listen(server, "/free", null, null, 200)) {
                assertThat(anyone.readExactly(1000)).isNotEmpty();
            }
        }
    }

    /**
     * A mount letting each user listen once, with one account let in by the backend on several connections at once
     * (answers held, then all sent together, the connections spread over two event loops): one listens, the others
     * hear 403, and the backend hears of each refused one leaving.
     */
    @Test
    void anAccountLetInOnManyConnectionsAtOnceListensOnOneWhenDuplicatesAreNotAllowed() {
        String base = backend.url("/auth/");
        MountConfig once = MountConfig.builder("/premium")
                .listeners(ListenerRules.builder()
                        .auth(new ListenerAuth(null, URI.create(base + "add"), URI.create(base + "remove"), false)).build())
                .build();
        int connections = 8;
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(once)), 2)) {
            Runnable answer = backend.holdAnswers();
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    clients.add(RawClient.connect(server.port()).send(request("/premium", "alice", "wonderland")));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> posts.size() == connections);
                answer.run();
                List<Integer> statuses = clients.stream().map(client -> client.readHead().status()).toList();
                assertThat(statuses).containsOnly(200, 403);
                assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
                assertThat(server.context().mounts().find("/premium").stats().currentListeners()).isEqualTo(1);
            } finally {
                clients.forEach(RawClient::close);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(posts.stream()
                    .filter(post -> "listener_remove".equals(post.get("action")))).hasSize(connections));
        }
    }

    /**
     * Requests pipelined after a listener's, while the backend is asked: a stream's answer never ends, so they are left
     * unanswered, and none is let in a second time (each would take a place on the server that nothing gives back).
     */
    @Test
    void requestsPipelinedBehindAListenersWhileTheBackendIsAskedAreIgnored() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium())))) {
            Runnable answer = backend.holdAnswers();
            try (RawClient alice = RawClient.connect(server.port())) {
                String one = request("/premium", "alice", "wonderland").replace("HTTP/1.0", "HTTP/1.1");
                alice.send(one + one + one);
                await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty());
                answer.run();
                assertThat(alice.readHead().status()).isEqualTo(200);
                assertThat(alice.readExactly(16_000)).isNotEmpty();
                assertThat(server.context().listeners().count()).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> posts.stream()
                    .anyMatch(post -> "listener_remove".equals(post.get("action"))));
            assertThat(posts).filteredOn(post -> "listener_add".equals(post.get("action"))).as("asked once").hasSize(1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.context().listeners().count()).as("every place given back").isZero();
                assertThat(server.context().mounts().find("/premium").stats().currentListeners()).isZero();
            });
        }
    }

    /**
     * A crowd arriving at once while the backend takes its time: the backend is asked about eight at a time, a hundred
     * more wait their turn, and past them new listeners hear at once that it is busy (Icecast's "busy, please try again
     * later" past 100 awaiting authentication) rather than each opening a connection to the station's backend. Those in
     * line all get in once it answers, and the line takes listeners again after.
     */
    @Test
    void aCrowdWaitsInLineForTheBackendAndPastAHundredWaitingIsToldItIsBusy() {
        int crowd = 120;
        // The crowd comes from one address, faster than its requests are read.
        ServerConfig config = TestServer.config().toBuilder().maxListeners(crowd).build().withMounts(List.of(premium()))
                .withLimits(new ConnectionLimits(0, 0));
        // The backend holds its answers until the whole crowd is read, which a loaded machine may take longer than 5 s to do.
        try (TestServer server = TestServer.start(config, Duration.ofSeconds(60))) {
            List<RawClient> clients = new ArrayList<>();
            try {
                // Connected first, so that the requests come at once.
                for (int i = 0; i < crowd; i++) {
                    clients.add(RawClient.connect(server.port()));
                }
                Runnable answer = backend.holdAnswers();
                clients.forEach(client -> client.send(request("/premium", "alice", "wonderland")));
                await("every request read").atMost(Duration.ofSeconds(20))
                        .until(() -> server.context().requests().clientConnections() == crowd);
                await("the crowd past the line refused").atMost(Duration.ofSeconds(10))
                        .until(() -> server.context().requests().rejectedCount(503) == crowd - 108);
                // The server's client may still be sending the last of the eight.
                await("the backend asked about eight").atMost(Duration.ofSeconds(5)).until(() -> posts.size() >= 8);
                assertThat(posts).as("asked about at once").hasSize(8);
                answer.run();
                List<Integer> statuses = clients.stream().map(client -> client.readHead().status()).toList();
                assertThat(statuses).filteredOn(status -> status == 200).hasSize(108);
                assertThat(statuses).filteredOn(status -> status == 503).hasSize(crowd - 108);
                RawClient refused = clients.get(statuses.indexOf(503));
                assertThat(new String(refused.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("Busy, please try again later\n");
            } finally {
                clients.forEach(RawClient::close);
            }
            try (RawClient later = listen(server, "/premium", "alice", "wonderland", 200)) {
                assertThat(later.readExactly(1000)).isNotEmpty();
            }
            await("every listener_remove posted").atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(posts.stream()
                    .filter(post -> "listener_remove".equals(post.get("action")))).hasSize(109));
        }
    }

    /** A listener who hangs up while waiting in the backend's line is not asked about: a flood costs the backend nothing. */
    @Test
    void aListenerWhoHangsUpWhileWaitingInLineIsNotAskedAbout() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium())))) {
            Runnable answer = backend.holdAnswers();
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    clients.add(RawClient.connect(server.port()).send(request("/premium", "alice", "wonderland")));
                }
                await("eight asked about").atMost(Duration.ofSeconds(10)).until(() -> posts.size() == 8);
                // A reset, as a player closing gives: a plain close is a half-close, and that one still gets its answer.
                try (RawClient quitter = RawClient.connect(server.port()).resetOnClose()) {
                    quitter.send(request("/premium", "quitter", "wonderland"));
                    await("the quitter in line").atMost(Duration.ofSeconds(10))
                            .until(() -> server.context().requests().clientConnections() == 9);
                }
                await("the quitter gone").atMost(Duration.ofSeconds(10))
                        .until(() -> server.context().requests().openConnections() == 8);
                clients.add(RawClient.connect(server.port()).send(request("/premium", "bob", "wonderland")));
                await("bob in line").atMost(Duration.ofSeconds(10))
                        .until(() -> server.context().requests().clientConnections() == 10);
                answer.run();
                assertThat(clients).extracting(client -> client.readHead().status()).containsOnly(200);
            } finally {
                clients.forEach(RawClient::close);
            }
            assertThat(posts).filteredOn(post -> "listener_add".equals(post.get("action"))).extracting(post -> post.get("user"))
                    .contains("bob").doesNotContain("quitter");
        }
    }

    /**
     * A mount with only a remove URL: its backend hears each listener leave, but never of a HEAD (a player probing the
     * stream, a monitor), which never listened and which it was never told of (before, every HEAD cost the backend a
     * listener_remove with duration 0).
     */
    @Test
    void aHeadOnAMountWithOnlyARemoveUrlSendsTheBackendNoListenerRemove() {
        MountConfig removeOnly = MountConfig.builder("/premium")
                .listeners(ListenerRules.builder()
                        .auth(new ListenerAuth(null, null, URI.create(backend.url("/auth/remove")))).build())
                .build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(removeOnly)))) {
            try (RawClient probe = RawClient.connect(server.port())) {
                probe.send(request("/premium", "probe", "x").replace("GET", "HEAD"));
                assertThat(probe.readHead().status()).isEqualTo(200);
            }
            try (RawClient bob = listen(server, "/premium", "bob", "x", 200)) {
                assertThat(bob.readExactly(1000)).isNotEmpty();
            }
            await("bob's listener_remove posted").atMost(Duration.ofSeconds(10))
                    .until(() -> posts.stream().anyMatch(post -> "bob".equals(post.get("user"))));
            assertThat(posts).extracting(post -> post.get("user")).containsExactly("bob");
        }
    }

    /**
     * A backend answering a time limit beyond any listening ({@code icecast-auth-timelimit: 9999999999}, "forever" to a
     * PHP script): the listener gets its audio, with no limit (before, the limit overflowed as it was set, and the player
     * got the stream's head, then nothing).
     */
    @Test
    void aTimeLimitBeyondAnyListeningIsNoLimit() {
        backend.answer(form -> Map.of("icecast-auth-user", "1", "icecast-auth-timelimit", "9999999999"));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium())))) {
            try (RawClient alice = listen(server, "/premium", "alice", "wonderland", 200)) {
                assertThat(alice.readExactly(16_000)).hasSize(16_000);
                assertThat(server.context().mounts().find("/premium").stats().currentListeners()).isEqualTo(1);
            }
        }
    }

    /**
     * A pay-per-listen backend with no credit left answering {@code icecast-auth-timelimit: 0}: as with Icecast (whose
     * limit is "now plus 0 s"), the listener is let in and ended at once, not given unlimited listening.
     */
    @Test
    void aTimeLimitOfZeroEndsTheListeningAtOnce() {
        backend.answer(form -> Map.of("icecast-auth-user", "1", "icecast-auth-timelimit", "0"));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium())))) {
            Mount mount = server.context().mounts().find("/premium");
            try (RawClient alice = listen(server, "/premium", "alice", "wonderland", 200)) {
                await("the listener ended for its time limit").atMost(Duration.ofSeconds(5))
                        .until(() -> mount.stats().disconnects(DisconnectReason.TIME_LIMIT) == 1);
                assertThat(alice.closedByServer(5_000)).isTrue();
            }
        }
    }

    private MountConfig premium() {
        String base = backend.url("/auth/");
        return MountConfig.builder("/premium")
                .listeners(ListenerRules.builder()
                        .auth(new ListenerAuth(null, URI.create(base + "add"), URI.create(base + "remove"))).build())
                .build();
    }

    private static RawClient listen(TestServer server, String mount, String user, String password, int status) {
        RawClient client = RawClient.connect(server.port());
        client.send(request(mount, user, password));
        assertThat(client.readHead().status()).isEqualTo(status);
        return client;
    }

    private static String request(String mount, String user, String password) {
        return "GET " + mount + " HTTP/1.0\r\nUser-Agent: TestPlayer/1.0\r\n"
                + (user == null ? "" : "Authorization: " + WebClient.basic(user, password) + "\r\n") + "\r\n";
    }
}
