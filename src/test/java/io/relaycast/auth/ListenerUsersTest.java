package io.relaycast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.http.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
}
