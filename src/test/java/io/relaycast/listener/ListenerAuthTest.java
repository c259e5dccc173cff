package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.auth.ListenerUsers;
import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        MountConfig members = new MountConfig("/members", null, null, false, null, null, null, null, null,
                new ListenerRules(MountConfig.NO_LIMIT, null, null, null, ListenerAuth.usersFile(users)), false);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(members, MountConfig.of("/open"))))) {
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
    void ffmpegListensWithTheLoginInTheUrl() throws Exception {
        Path users = Files.writeString(dir.resolve("users.htpasswd"), "alice:" + ListenerUsers.hash("wonderland") + "\n");
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
        MountConfig members = new MountConfig("/members", null, music, false, null, null, null, null, null,
                new ListenerRules(MountConfig.NO_LIMIT, null, null, null, ListenerAuth.usersFile(users)), false);
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

    private static RawClient.Head head(TestServer server, String mount, String authorization) {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET " + mount + " HTTP/1.0\r\n" + (authorization == null ? "" : "Authorization: " + authorization
                    + "\r\n") + "\r\n");
            return client.readHead();
        }
    }
}
