package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading playlist locations: folders, m3u and pls lists, and what happens when part of them cannot be read. */
class PlaylistScannerTest {

    @TempDir
    Path dir;

    @Test
    void aSubfolderThatCannotBeOpenedLeavesTheRestOfTheFolderPlaying() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Files.write(music.resolve("a.mp3"), new byte[16]);
        Files.write(Files.createDirectories(music.resolve("b")).resolve("b.mp3"), new byte[16]);
        // Tests run as root, which opens any folder whatever its mode: a folder whose path is longer than the system's
        // limit (ENAMETOOLONG) is one the walk cannot open, whoever runs it.
        try {
            Programs.run(Duration.ofSeconds(30), "sh", "-c", "cd '" + music + "' && for i in $(seq 1 300); do"
                    + " mkdir deep_folder_name && cd -P deep_folder_name || exit 1; done").assertSuccess();
            assertThat(new PlaylistScanner(music).scan()).hasValueSatisfying(tracks ->
                    assertThat(tracks).extracting(Track::id).containsExactly("a.mp3", "b/b.mp3"));
        } finally {
            Programs.run(Duration.ofSeconds(30), "rm", "-rf", music.resolve("deep_folder_name").toString()).assertSuccess();
        }
    }

    @Test
    void aPlaylistThatCannotBeReadIsReportedAsUnreadableNotAsEmpty() throws Exception {
        Path list = dir.resolve("list.m3u");
        Files.createSymbolicLink(list, list.getFileName());

        assertThat(new PlaylistScanner(list).scan()).isEmpty();
        assertThat(new PlaylistScanner(dir.resolve("missing.m3u")).scan()).contains(List.of());
    }
}
