package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
    void aSymlinkedFolderItsSymlinkedFilesAndSubfoldersArePlayedAndALinkLoopIsLeftOut() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.write(real.resolve("a.mp3"), new byte[16]);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.write(elsewhere.resolve("b.mp3"), new byte[16]);
        Files.write(Files.createDirectories(elsewhere.resolve("sub")).resolve("c.mp3"), new byte[16]);
        Files.createSymbolicLink(real.resolve("b.mp3"), elsewhere.resolve("b.mp3"));
        Files.createSymbolicLink(real.resolve("sub"), elsewhere.resolve("sub"));
        Files.createSymbolicLink(real.resolve("loop"), real);
        Path music = Files.createSymbolicLink(dir.resolve("music"), real);

        assertThat(new PlaylistScanner(music).scan()).hasValueSatisfying(tracks ->
                assertThat(tracks).extracting(Track::id).containsExactly("a.mp3", "b.mp3", "sub/c.mp3"));
    }

    @Test
    void aPlaylistThatCannotBeReadIsReportedAsUnreadableNotAsEmpty() throws Exception {
        Path list = dir.resolve("list.m3u");
        Files.createSymbolicLink(list, list.getFileName());

        assertThat(new PlaylistScanner(list).scan()).isEmpty();
        assertThat(new PlaylistScanner(dir.resolve("missing.m3u")).scan()).contains(List.of());
    }

    @Test
    void aWinampPlsInWindows1252IsReadNotDropped() throws Exception {
        Path list = dir.resolve("list.pls");
        Files.write(list, "[playlist]\r\nFile1=Caf\u00e9 del Mar.mp3\r\nFile2=b.mp3\r\nNumberOfEntries=2\r\n"
                .getBytes(Charset.forName("windows-1252")));

        assertThat(files(list)).containsExactly(dir.resolve("Caf\u00e9 del Mar.mp3"), dir.resolve("b.mp3"));
    }

    @Test
    void aUtf8M3uWithAByteOrderMarkKeepsItsFirstEntryAndItsAccents() throws Exception {
        Path list = dir.resolve("list.m3u");
        Files.write(list, ("\uFEFFa.mp3\n#EXTINF:-1,x\nCaf\u00e9.mp3\n").getBytes(StandardCharsets.UTF_8));

        assertThat(files(list)).containsExactly(dir.resolve("a.mp3"), dir.resolve("Caf\u00e9.mp3"));
    }

    @Test
    void fileUrlsArePercentDecodedAndWindowsSeparatorsOfRelativeEntriesBecomeSlashes() throws Exception {
        Path list = dir.resolve("list.m3u8");
        Files.writeString(list, "file:///music/My%20Song.mp3\nsub\\b.mp3\n");

        assertThat(files(list)).containsExactly(Path.of("/music/My Song.mp3"), dir.resolve("sub/b.mp3"));
    }

    @Test
    void aMissingPlaylistIsLoggedOnceNotAtEveryRescanAndAgainWhenItIsBack() throws Exception {
        Path list = dir.resolve("list.m3u");
        PlaylistScanner scanner = new PlaylistScanner(list);
        try (LoggedWarnings warnings = LoggedWarnings.of(PlaylistScanner.class)) {
            for (int rescan = 0; rescan < 5; rescan++) {
                assertThat(scanner.scan()).contains(List.of());
            }
            Files.writeString(list, "a.mp3\n");
            scanner.scan();
            Files.delete(list);
            scanner.scan();

            assertThat(warnings.count(Level.WARN, "playlist " + list + " does not exist", "")).isEqualTo(2);
            assertThat(warnings.count(Level.INFO, "playlist " + list + " can be read again", "")).isEqualTo(1);
        }
    }

    @Test
    void anEntryThatIsNoValidPathIsLeftOutNotTheWholeList() throws Exception {
        Path list = Files.writeString(dir.resolve("list.m3u"), "a.mp3\nb\u0000.mp3\nc.mp3\n");

        assertThat(files(list)).containsExactly(dir.resolve("a.mp3"), dir.resolve("c.mp3"));
    }

    @Test
    void utf16M3usWithAByteOrderMarkAreRead() throws Exception {
        for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            Path list = Files.write(dir.resolve(utf16 + ".m3u"), "\uFEFFa.mp3\r\nCaf\u00e9.mp3\r\n".getBytes(utf16));

            assertThat(files(list)).containsExactly(dir.resolve("a.mp3"), dir.resolve("Caf\u00e9.mp3"));
        }
    }

    private static List<Path> files(Path list) {
        return new PlaylistScanner(list).scan().orElseThrow().stream().map(Track::file).toList();
    }
}
