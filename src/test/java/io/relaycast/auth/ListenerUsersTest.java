package io.relaycast.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relaycast.http.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener users file as operators write it, in whatever encoding their editor saves. */
class ListenerUsersTest {

    @TempDir
    Path dir;

    /**
     * A users file with a comment in Latin-1 (windows-1252): its users still listen, and manageauth still adds to it
     * (before, the one byte that is not UTF-8 made the whole file unreadable: nobody could listen, and manageauth failed).
     */
    @Test
    void aUsersFileWithALatin1CommentStillLetsItsUsersInAndTakesNewOnes() throws Exception {
        Path file = Files.write(dir.resolve("users.htpasswd"), ("# abonn\u00e9s\nbob:" + ListenerUsers.hash("builder") + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        ListenerUsers users = new ListenerUsers(file);
        assertThat(users.accepts(Optional.of(new Credentials("bob", "builder")))).isTrue();
        assertThat(users.add("carol", "singer")).isTrue();
        assertThat(users.accepts(Optional.of(new Credentials("carol", "singer")))).isTrue();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).startsWith("# abonn\u00e9s");
    }

    /**
     * Two mounts sharing one users file: a user added through one logs in through the other, even when the file's new
     * version has the old one's modification time (two writes within one tick of the file system's clock).
     */
    @Test
    void aUserAddedThroughOneMountOfASharedFileLogsInThroughTheOtherWhateverTheFilesTime() throws Exception {
        Path file = Files.writeString(dir.resolve("users.htpasswd"), "bob:" + ListenerUsers.hash("builder") + "\n");
        ListenerUsers first = new ListenerUsers(file);
        ListenerUsers second = new ListenerUsers(file);
        assertThat(second.accepts(Optional.of(new Credentials("bob", "builder")))).isTrue();
        FileTime before = Files.getLastModifiedTime(file);

        assertThat(first.add("carol", "singer")).isTrue();
        Files.setLastModifiedTime(file, before);

        await("carol known to the other mount").atMost(Duration.ofSeconds(5))
                .until(() -> second.accepts(Optional.of(new Credentials("carol", "singer"))));
    }

    /**
     * Two mounts sharing one users file, each with its own {@link ListenerUsers}, and manageauth adding to both at once:
     * every user added is in the file (before, each kept its own lock, and one rewrite of the file undid the other's).
     */
    @Test
    void usersAddedAtOnceThroughTwoMountsSharingAFileAreAllKept() throws Exception {
        Path file = Files.writeString(dir.resolve("users.htpasswd"), "# shared\n");
        ListenerUsers first = new ListenerUsers(file);
        ListenerUsers second = new ListenerUsers(dir.resolve(".").resolve("users.htpasswd"));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> adding = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                ListenerUsers users = thread % 2 == 0 ? first : second;
                String prefix = "user" + thread + "-";
                adding.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        users.add(prefix + i, "secret");
                    }
                    return null;
                }));
            }
            for (Future<?> each : adding) {
                each.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(new ListenerUsers(file).names()).hasSize(100);
    }

    /** A name starting with '#' would be written as a comment line: the user would be added and never let in. */
    @Test
    void aUserNameStartingWithAHashIsRefusedAsTheFileWouldTakeItForAComment() throws Exception {
        ListenerUsers users = new ListenerUsers(dir.resolve("users.htpasswd"));
        assertThatThrownBy(() -> users.add("#bob", "builder")).isInstanceOf(IllegalArgumentException.class);
        assertThat(users.names()).isEmpty();
    }
}
