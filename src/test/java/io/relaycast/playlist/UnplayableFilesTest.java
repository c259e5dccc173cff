package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory of files with no audio, which spares the shared reader thread reading them at every rescan. */
class UnplayableFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFileWithNoAudioIsRememberedUntilItsSizeOrTimeChanges() throws Exception {
        Path video = Files.write(dir.resolve("video.mp3"), new byte[100]);
        UnplayableFiles unplayable = new UnplayableFiles();
        assertThat(unplayable.contains(video)).isFalse();

        unplayable.remember(video);
        assertThat(unplayable.contains(video)).isTrue();

        Files.setLastModifiedTime(video, FileTime.fromMillis(Files.getLastModifiedTime(video).toMillis() + 60_000));
        assertThat(unplayable.contains(video)).isFalse();

        unplayable.remember(video);
        Files.write(video, new byte[200]);
        Files.setLastModifiedTime(video, FileTime.fromMillis(Files.getLastModifiedTime(video).toMillis() + 120_000));
        assertThat(unplayable.contains(video)).isFalse();
    }
}
