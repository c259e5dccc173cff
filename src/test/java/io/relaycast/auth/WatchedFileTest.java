package io.relaycast.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched file is checked on the event loops that accept connections: a changed file must be read again elsewhere,
 * so that a long list being parsed holds up no accept.
 */
class WatchedFileTest {

    @TempDir
    Path dir;

    @Test
    void aChangedFileIsReadAgainOffTheCallingThreadAndTheFirstReadingOnIt() throws IOException {
        Path file = Files.writeString(dir.resolve("deny.txt"), "192.0.2.1\n");
        List<String> readers = new CopyOnWriteArrayList<>();
        WatchedFile<Integer> watched = new WatchedFile<>(file, "deny-ip list", lines -> {
            readers.add(Thread.currentThread().getName());
            return lines.size();
        }, String::valueOf, 0, "nobody is refused for it");
        String caller = Thread.currentThread().getName();

        assertThat(watched.current()).isEqualTo(1);
        Files.writeString(file, "192.0.2.1\n192.0.2.2\n");
        await("the second list read").atMost(Duration.ofSeconds(10)).until(() -> watched.current() == 2);

        assertThat(readers).hasSize(2);
        assertThat(readers.get(0)).isEqualTo(caller);
        assertThat(readers.get(1)).isNotEqualTo(caller).startsWith("relaycast-reread");
    }

    @Test
    void theLastListIsAnsweredAtOnceWhileTheChangedFileIsBeingRead() throws IOException {
        Path file = Files.writeString(dir.resolve("allow.txt"), "192.0.2.1\n");
        List<Runnable> held = new CopyOnWriteArrayList<>();
        WatchedFile<Integer> watched = new WatchedFile<>(file, "allow-ip list", List::size, String::valueOf, 0,
                "every address is let in until it can", held::add);
        assertThat(watched.current()).isEqualTo(1);

        Files.writeString(file, "192.0.2.1\n192.0.2.2\n");
        await("the changed file seen").atMost(Duration.ofSeconds(10)).until(() -> watched.current() == 1 && !held.isEmpty());
        Files.writeString(file, "192.0.2.1\n192.0.2.2\n192.0.2.3\n");

        assertThat(held).hasSize(1);
        held.get(0).run();
        assertThat(watched.current()).isEqualTo(3);
    }
}
