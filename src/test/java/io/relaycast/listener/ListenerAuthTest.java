package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.relaycast.auth.ListenerUsers;
import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * A mount for members only, with Icecast's htpasswd listener authentication: the users of a file (user:md5-hex per
 * line, as Icecast writes it) and the admin may listen, nobody else; the file is read again when it changes.
 */
class ListenerAuthTest {

    @TempDir
    Path dir;

    @Test
    void onlyTheUsersOfTheFileAndTheAdminMayListen() throws Exception {
        Path users = Files.writeString(dir.resolve("users.htpasswd"), "# members\nalice:" + ListenerUsers.hash("wonderland")
                + "\n\n");
        try (TestServer server = membersAndOpen(users)) {
            RawClient.Head refused = head(server, "/members", null);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("www-authenticate")).isEqualTo("Basic realm=\"/members\"");
            assertThat(head(server, "/members", WebClient.basic("alice", "looking-glass")).status()).isEqualTo(401);
            assertThat(head(server, "/members", WebClient.basic("mallory", "wonderland")).status()).isEqualTo(401);
            assertThat(head(server, "/members", WebClient.basic("alice", "wonderland")).status()).isEqualTo(200);
            assertThat(head(server, "/members", WebClient.admin()).status()).isEqualTo(200);
            assertThat(head(server, "/open", null).status()).as("other mounts are open").isEqualTo(200);

            Files.writeString(users, "bob:" + ListenerUsers.hash("builder") + "\n", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(10)).until(() -> head(server, "/members", WebClient.basic("bob", "builder"))
                    .status() == 200);
            Files.delete(users);
            await().atMost(Duration.ofSeconds(10)).until(() -> head(server, "/members", WebClient.basic("alice", "wonderland"))
                    .status() == 401);
        }
    }

    @Test
    void theAdminAddsAndDeletesUsersAsWithIcecastsManageauth() throws Exception {
        Path users = Files.writeString(dir.resolve("users.htpasswd"), "# members\nalice:" + ListenerUsers.hash("wonderland")
                + "\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r-----"));
        try (TestServer server = membersAndOpen(users)) {
            String admin = server.url("/admin/manageauth?mount=/members");
            Document listed = XmlDocs.parse(WebClient.get(admin, "Authorization", WebClient.admin()).body());
            assertThat(XmlDocs.texts(listed, "/icestats/source[@mount='/members']/User/username")).containsExactly("alice");

            HttpResponse<String> added = WebClient.get(admin + "&action=add&username=bob&password=bu%3Ailder",
                    "Authorization", WebClient.admin());
            assertThat(added.statusCode()).isEqualTo(200);
            Document afterAdd = XmlDocs.parse(added.body());
            assertThat(XmlDocs.text(afterAdd, "/icestats/iceresponse/message")).isEqualTo("User added");
            assertThat(XmlDocs.texts(afterAdd, "/icestats/source/User/username")).containsExactly("alice", "bob");
            // At once, not after the file's next look: the server wrote it, in Icecast's format, comments kept.
            assertThat(head(server, "/members", WebClient.basic("bob", "bu:ilder")).status()).isEqualTo(200);
            assertThat(Files.readAllLines(users)).containsExactly("# members", "alice:" + ListenerUsers.hash("wonderland"),
                    "bob:" + ListenerUsers.hash("bu:ilder"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).as("as it was")
                    .isEqualTo("rw-r-----");

            assertThat(XmlDocs.text(XmlDocs.parse(WebClient.get(admin + "&action=add&username=bob&password=other",
                    "Authorization", WebClient.admin()).body()), "/icestats/iceresponse/message"))
                    .isEqualTo("User already exists - not added");
            assertThat(head(server, "/members", WebClient.basic("bob", "other")).status()).isEqualTo(401);

            assertThat(XmlDocs.text(XmlDocs.parse(WebClient.get(admin + "&action=delete&username=alice",
                    "Authorization", WebClient.admin()).body()), "/icestats/iceresponse/message")).isEqualTo("User deleted");
            assertThat(head(server, "/members", WebClient.basic("alice", "wonderland")).status()).isEqualTo(401);
            assertThat(Files.readAllLines(users)).containsExactly("# members", "bob:" + ListenerUsers.hash("bu:ilder"));

            assertThat(WebClient.get(admin + "&action=add&username=a:b&password=x", "Authorization", WebClient.admin())
                    .statusCode()).isEqualTo(400);
            assertThat(WebClient.get(admin + "&action=add&username=carol", "Authorization", WebClient.admin())
                    .statusCode()).as("no password").isEqualTo(400);
            assertThat(WebClient.get(admin + "&action=add&username=eve&password=x").statusCode()).isEqualTo(401);
            assertThat(WebClient.get(server.url("/admin/manageauth?mount=/open"), "Authorization", WebClient.admin())
                    .statusCode()).as("a mount without a users file").isEqualTo(400);
            assertThat(Files.readAllLines(users)).containsExactly("# members", "bob:" + ListenerUsers.hash("bu:ilder"));
        }
    }

    @Test
    void ffmpegListensWithTheLoginInTheUrl() throws Exception {
        Path users = Files.writeString(dir.resolve("users.htpasswd"), "alice:" + ListenerUsers.hash("wonderland") + "\n");
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
        MountConfig members = MountConfig.builder("/members").playlist(music)
                .listeners(ListenerRules.builder().auth(ListenerAuth.usersFile(users)).build()).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(members)))) {
            Path heard = dir.resolve("heard.mp3");
            Programs.Result result = Programs.run(Duration.ofSeconds(30), "ffmpeg", "-nostdin", "-v", "error", "-y",
                    "-i", "http://alice:wonderland@127.0.0.1:" + server.port() + "/members", "-t", "2", "-c", "copy", "-f",
                    "mp3", heard.toString());
            result.assertSuccess();
            assertThat(Ffmpeg.decodeErrors(heard)).isEmpty();
            assertThat(Files.size(heard)).isGreaterThan(16_000);
            Programs.Result refused = Programs.run(Duration.ofSeconds(30), "ffmpeg", "-nostdin", "-v", "error", "-y",
                    "-i", "http://alice:nope@127.0.0.1:" + server.port() + "/members", "-t", "1", "-f", "null", "-");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderrText()).contains("401");
        }
    }

    @Test
    void buildm3uHandsOutAPlaylistWhoseUrlLogsTheListenerIn() throws Exception {
        String password = "wonder land@5:00";
        Path users = Files.writeString(dir.resolve("users.htpasswd"), "alice:" + ListenerUsers.hash(password) + "\n");
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
        MountConfig members = MountConfig.builder("/members").playlist(music)
                .listeners(ListenerRules.builder().auth(ListenerAuth.usersFile(users)).build()).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(members)))) {
            // No admin login, as in Icecast: the page only echoes what it is given.
            HttpResponse<String> playlist = WebClient.get(server.url("/admin/buildm3u?mount=/members&username=alice"
                    + "&password=wonder%20land%405%3A00"));
            assertThat(playlist.statusCode()).isEqualTo(200);
            assertThat(playlist.headers().firstValue("Content-Type")).hasValue("audio/x-mpegurl");
            assertThat(playlist.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"listen.m3u\"");
            String url = "http://alice:wonder%20land%405:00@127.0.0.1:" + server.port() + "/members";
            assertThat(playlist.body()).isEqualTo(url + "\r\n");

            Path heard = dir.resolve("heard.mp3");
            Programs.run(Duration.ofSeconds(30), "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", url, "-t", "2", "-c",
                    "copy", "-f", "mp3", heard.toString()).assertSuccess();
            assertThat(Ffmpeg.decodeErrors(heard)).isEmpty();
            assertThat(Files.size(heard)).as("two seconds at 128 kbit/s").isGreaterThan(16_000);

            assertThat(WebClient.get(server.url("/admin/buildm3u?mount=/members&username=alice")).statusCode())
                    .as("no password").isEqualTo(400);
            assertThat(WebClient.get(server.url("/admin/buildm3u?mount=members&username=alice&password=x")).statusCode())
                    .as("not a mount path").isEqualTo(400);
            assertThat(WebClient.get(server.url("/admin/buildm3u?mount=/members&username=a:b&password=x")).statusCode())
                    .as("a user name with a colon").isEqualTo(400);
        }
    }

    @Test
    void withoutDuplicateUsersAnAccountListensOnOneConnectionAtATime() throws Exception {
        MountConfig once = membersOnce(false);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(once)));
             LoggedWarnings access = LoggedWarnings.of("relaycast.access")) {
            try (RawClient alice = listen(server, WebClient.basic("alice", "wonderland"))) {
                await().until(() -> server.context().listeners().onMount("/members").size() == 1);
                try (RawClient again = RawClient.connect(server.port())) {
                    again.send("GET /members HTTP/1.0\r\nAuthorization: " + WebClient.basic("alice", "wonderland")
                            + "\r\n\r\n");
                    assertThat(again.readHead().status()).isEqualTo(403);
                    assertThat(new String(again.readToEnd(), StandardCharsets.UTF_8)).contains("Account already in use");
                }
                try (RawClient bob = listen(server, WebClient.basic("bob", "builder"));
                     RawClient admin = listen(server, WebClient.admin());
                     RawClient adminAgain = listen(server, WebClient.admin())) {
                    // A listener is in the list once its handler takes over from the request, just after its head.
                    await().until(() -> server.context().listeners().onMount("/members").size() == 4);
                }
            }
            await().until(() -> access.first(Level.INFO, "127.0.0.1 - alice [", "GET /members") != null);
            await().until(() -> server.context().listeners().onMount("/members").isEmpty());
            try (RawClient aliceBack = listen(server, WebClient.basic("alice", "wonderland"))) {
                await().until(() -> server.context().listeners().onMount("/members").size() == 1);
                assertThat(server.context().listeners().onMount("/members")).extracting(ListenerHandler::user)
                        .containsExactly("alice");
                assertThat(WebClient.get(server.url("/admin/listclients?mount=/members"), "Authorization",
                        WebClient.admin()).body()).contains("<username>alice</username>");
            }
        }
    }

    /**
     * Icecast-KH's {@code drop_existing_listener}: alice's player connects again (from another network, say) while the
     * server still holds her first connection: the new one gets in at once and plays, the old one is closed and counted
     * as replaced; bob, on the same mount, listens on.
     */
    @Test
    void withDropExistingListenerAUserWhoLogsInAgainTakesOverFromTheOlderConnection() throws Exception {
        MountConfig takeOver = membersOnce(true);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(takeOver)));
             LoggedWarnings admission = LoggedWarnings.of(ListenerAdmission.class);
             RawClient first = listen(server, WebClient.basic("alice", "wonderland"));
             RawClient bob = listen(server, WebClient.basic("bob", "builder"))) {
            Mount members = server.context().mounts().find("/members");
            await().until(() -> server.context().listeners().onMount("/members").size() == 2);
            try (RawClient guess = RawClient.connect(server.port())) {
                guess.send("GET /members HTTP/1.0\r\nAuthorization: " + WebClient.basic("alice", "guess") + "\r\n\r\n");
                assertThat(guess.readHead().status()).isEqualTo(401);
                // A takeover is logged before the answer: none for a wrong password, so nobody drops alice knowing her name.
                assertThat(admission.first(Level.INFO, "mount /members: alice logged in again", "")).isNull();
            }
            try (RawClient again = listen(server, WebClient.basic("alice", "wonderland"))) {
                assertThat(first.closedByServer(10_000)).as("the older connection is closed").isTrue();
                await().until(() -> members.stats().disconnects(DisconnectReason.REPLACED) == 1);
                await().until(() -> server.context().listeners().onMount("/members").size() == 2);
                assertThat(server.context().listeners().onMount("/members")).extracting(ListenerHandler::user)
                        .containsExactlyInAnyOrder("alice", "bob");
                assertThat(again.readExactly(16_000)).as("the new one plays").hasSize(16_000);
                assertThat(bob.readExactly(16_000)).as("bob listens on").hasSize(16_000);
            }
            assertThat(admission.first(Level.INFO, "mount /members: alice logged in again", "is dropped")).isNotNull();
            assertThat(members.stats().disconnects(DisconnectReason.REPLACED)).as("bob was not").isEqualTo(1);
        }
        assertThatThrownBy(() -> new ListenerAuth(dir.resolve("users.htpasswd"), null, null, true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drop-existing-listener needs allow-duplicate-users: false");
    }

    @Test
    void withDropExistingListenerAUserWhoLogsInAgainOnAFullMountGetsInOnceTheOlderConnectionHasLeft() throws Exception {
        // One event loop: the older connection leaves on the loop that lets the new one in, after it.
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(membersOnce(true, 1))), 1);
             RawClient first = listen(server, WebClient.basic("alice", "wonderland"))) {
            Mount members = server.context().mounts().find("/members");
            await().until(() -> server.context().listeners().onMount("/members").size() == 1);
            try (RawClient again = listen(server, WebClient.basic("alice", "wonderland"))) {
                assertThat(first.closedByServer(10_000)).as("the older connection is closed").isTrue();
                assertThat(again.readExactly(16_000)).as("the new one plays").hasSize(16_000);
                assertThat(members.stats().disconnects(DisconnectReason.REPLACED)).isEqualTo(1);
                assertThat(server.context().listeners().onMount("/members")).extracting(ListenerHandler::user)
                        .containsExactly("alice");
                assertThat(head(server, "/members", WebClient.basic("bob", "builder")).status()).as("full, with alice")
                        .isEqualTo(503);
            }
        }
    }

    @Test
    void withDropExistingListenerOfLoginsOfOneUserArrivingAtOnceOnlyOneStays() throws Exception {
        int logins = 8;
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(membersOnce(true))))) {
            Mount members = server.context().mounts().find("/members");
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < logins; i++) {
                    clients.add(RawClient.connect(server.port()));
                }
                String request = "GET /members HTTP/1.0\r\nAuthorization: " + WebClient.basic("alice", "wonderland") + "\r\n\r\n";
                clients.forEach(client -> client.send(request));
                for (RawClient client : clients) {
                    assertThat(client.readHead().status()).as("each is let in; the older ones are then dropped").isEqualTo(200);
                }
                await().until(() -> members.stats().disconnects(DisconnectReason.REPLACED) == logins - 1);
                List<ListenerHandler> left = server.context().listeners().onMount("/members");
                assertThat(left).hasSize(1);
                int survivorPort = ((InetSocketAddress) left.get(0).remoteAddress()).getPort();
                for (RawClient client : clients) {
                    if (client.socket().getLocalPort() == survivorPort) {
                        assertThat(client.readExactly(16_000)).as("the one left plays").hasSize(16_000);
                    } else {
                        assertThat(client.closedByServer(10_000)).as("an older one is closed").isTrue();
                    }
                }
            } finally {
                clients.forEach(RawClient::close);
            }
        }
    }

    /** /members, playing a tone, for alice and bob, each on one connection at a time: a new one refused or taking over. */
    private MountConfig membersOnce(boolean dropExisting) throws IOException {
        return membersOnce(dropExisting, MountConfig.NO_LIMIT);
    }

    /** The same, for at most {@code maxListeners} listeners. */
    private MountConfig membersOnce(boolean dropExisting, int maxListeners) throws IOException {
        Path users = Files.writeString(dir.resolve("users.htpasswd"), "alice:" + ListenerUsers.hash("wonderland") + "\n"
                + "bob:" + ListenerUsers.hash("builder") + "\n");
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
        return MountConfig.builder("/members").playlist(music)
                .listeners(ListenerRules.builder().maxListeners(maxListeners)
                        .auth(new ListenerAuth(users, null, null, false, dropExisting)).build())
                .build();
    }

    private static RawClient listen(TestServer server, String authorization) {
        RawClient client = RawClient.connect(server.port());
        client.send("GET /members HTTP/1.0\r\nAuthorization: " + authorization + "\r\n\r\n");
        assertThat(client.readHead().status()).isEqualTo(200);
        return client;
    }

    /** /members lets in the users of {@code users}; /open anybody. */
    private static TestServer membersAndOpen(Path users) {
        MountConfig members = MountConfig.builder("/members")
                .listeners(ListenerRules.builder().auth(ListenerAuth.usersFile(users)).build()).build();
        return TestServer.start(TestServer.config().withMounts(List.of(members, MountConfig.of("/open"))));
    }

    private static RawClient.Head head(TestServer server, String mount, String authorization) {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET " + mount + " HTTP/1.0\r\n" + (authorization == null ? "" : "Authorization: " + authorization
                    + "\r\n") + "\r\n");
            return client.readHead();
        }
    }
}
