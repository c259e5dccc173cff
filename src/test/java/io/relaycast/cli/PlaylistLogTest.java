package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.hooks.PlaylistLog;
import io.relaycast.playlist.TestTracks;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.LogLines;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code playlist-log}, Icecast's {@code <playlistlog>}: a server run from a real config file, a DJ and listeners on real
 * connections, titles set through the admin API as encoders' tools set them; the file is read as an operator's script
 * would read it.
 */
class PlaylistLogTest {

    /** Icecast's line: {@code 04/Dec/2026:14:10:00 +0000|/live|12|Artist - Title}. */
    private static final Pattern LINE = Pattern.compile("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}"
            + "\\|(/[^|]*)\\|(\\d+)\\|(.*)");
    private static final String SERVER = """
            bind: 127.0.0.1
            port: 0
            source-password: server-pw
            admin-password: adm-pw
            """;

    @TempDir
    Path dir;

    private RelaycastServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyTitleOnTheAirIsOneLineWithTheMountAndItsListenersThenFromThePlaylistAndTheDj() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 1.5, 128, 440, "Auto", "One");
        TestTracks.tagged(music.resolve("2.mp3"), 1.5, 128, 550, "Auto", "Two");
        Path log = dir.resolve("playlist.log");
        start(SERVER + "playlist-log: playlist.log\nmounts:\n  /live:\n    playlist: music\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> titles(log).containsAll(List.of("Auto - One", "Auto - Two")));

        try (RawClient first = RawClient.listening(server.port(), "/live");
             RawClient second = RawClient.listening(server.port(), "/live");
             RawClient dj = RawSource.onAir(server.port(), "/live", "server-pw")) {
            dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 2)));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/live").liveSource() != null);
            setTitle("/live", "Live | Set \u00e9t\u00e9");
            await().atMost(Duration.ofSeconds(10)).until(() -> titles(log).contains("Live | Set \u00e9t\u00e9"));
            String line = LogLines.of(log).get(titles(log).indexOf("Live | Set \u00e9t\u00e9"));
            Matcher live = LINE.matcher(line);
            assertThat(live.matches()).as(line).isTrue();
            assertThat(live.group(1)).isEqualTo("/live");
            assertThat(live.group(2)).as("the listeners then").isEqualTo("2");
            assertThat(live.group(3)).isEqualTo("Live | Set \u00e9t\u00e9");
        }
        int afterDj = LogLines.of(log).size();
        await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.of(log).size() > afterDj);
        assertThat(titles(log).get(afterDj)).as("the playlist back on the air").startsWith("Auto - ");
        assertThat(titles(log)).as("a DJ comes on without a title: no line for that").doesNotContain("");
        for (String line : LogLines.of(log)) {
            assertThat(line).matches(LINE);
        }
    }

    /** liquidsoap, as stations run it: its playlist's tags reach the server as title updates, one line per track. */
    @Test
    void aLiquidsoapDjsTracksAreLoggedByTheirTags() throws Exception {
        Path music = Files.createDirectories(dir.resolve("set"));
        TestTracks.tagged(music.resolve("1.mp3"), 2, 128, 440, "Liq", "One");
        TestTracks.tagged(music.resolve("2.mp3"), 2, 128, 550, "Liq", "Two");
        Path log = dir.resolve("playlist.log");
        start(SERVER + "playlist-log: playlist.log\n");
        Path script = Files.writeString(dir.resolve("dj.liq"), """
                settings.init.allow_root.set(true)
                settings.log.stdout.set(true)
                output.icecast(%%mp3(bitrate=128), host="127.0.0.1", port=%d, password="server-pw", mount="dj",
                               fallible=true, playlist(mode="normal", "%s"))
                """.formatted(server.port(), music));
        try (Programs.Running liquidsoap = Programs.start(dir, List.of("liquidsoap", script.toString()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> titles(log).containsAll(List.of("Liq - One", "Liq - Two")));
        }
        for (String line : LogLines.of(log)) {
            Matcher matcher = LINE.matcher(line);
            assertThat(matcher.matches()).as(line).isTrue();
            assertThat(matcher.group(1)).isEqualTo("/dj");
        }
    }

    @Test
    void aReloadOpensTheLogAgainSoALogRotatedByRenamingStartsAnewAndAMovedOneFollows() throws Exception {
        Path log = dir.resolve("titles.log");
        String config = SERVER + "mounts:\n  /live: {}\n";
        start(config + "playlist-log: titles.log\n");
        try (RawClient dj = RawSource.onAir(server.port(), "/live", "server-pw")) {
            dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/live").liveSource() != null);
            setTitle("/live", "First");
            await().atMost(Duration.ofSeconds(10)).until(() -> titles(log).equals(List.of("First")));

            Path rotated = Files.move(log, dir.resolve("titles.log.1"));
            setTitle("/live", "Second");
            await().atMost(Duration.ofSeconds(10)).until(() -> titles(rotated).equals(List.of("First", "Second")));
            assertThat(log).as("written to the open file until a reload").doesNotExist();

            assertThat(server.reloadConfig().reloaded()).isTrue();
            setTitle("/live", "Third");
            await().atMost(Duration.ofSeconds(10)).until(() -> titles(log).equals(List.of("Third")));

            Files.writeString(dir.resolve("relaycast.yaml"), config + "playlist-log: logs/moved.log\n");
            Files.createDirectories(dir.resolve("logs"));
            assertThat(server.reloadConfig().reloaded()).isTrue();
            setTitle("/live", "Fourth");
            await().atMost(Duration.ofSeconds(10)).until(() -> titles(dir.resolve("logs/moved.log")).equals(List.of("Fourth")));

            Files.writeString(dir.resolve("relaycast.yaml"), config);
            assertThat(server.reloadConfig().reloaded()).isTrue();
            setTitle("/live", "Fifth");
            assertThat(server.context().mounts().find("/live").metadata().title()).isEqualTo("Fifth");
        }
        server.close();
        server = null;
        assertThat(titles(dir.resolve("logs/moved.log"))).as("no log any more").containsExactly("Fourth");
        assertThat(titles(log)).containsExactly("Third");
    }

    @Test
    void aLogThatCannotBeWrittenIsSaidOnceAndCostsTheStreamNothingThenResumes() throws Exception {
        Path log = dir.resolve("not-yet/titles.log");
        try (LoggedWarnings warnings = LoggedWarnings.of(PlaylistLog.class)) {
            start(SERVER + "playlist-log: not-yet/titles.log\nmounts:\n  /live: {}\n");
            try (RawClient dj = RawSource.onAir(server.port(), "/live", "server-pw")) {
                dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/live").liveSource() != null);
                setTitle("/live", "Lost");
                await().atMost(Duration.ofSeconds(10)).until(() -> warnings.first("playlist log", "cannot be written") != null);
                assertThat(server.context().mounts().find("/live").metadata().title()).as("on the air all the same")
                        .isEqualTo("Lost");

                Files.createDirectories(log.getParent());
                setTitle("/live", "Kept");
                await().atMost(Duration.ofSeconds(10)).until(() -> titles(log).equals(List.of("Kept")));
                assertThat(warnings.first("playlist log", "cannot be written"))
                        .contains(log.toString()).contains("NoSuchFileException");
            }
        }
    }

    private void start(String config) throws Exception {
        Path file = Files.writeString(dir.resolve("relaycast.yaml"), config);
        server = FileConfiguredServer.start(file);
    }

    /** Sets the title of {@code mount} as a DJ's tool does, with the source login, and checks it was taken. */
    private void setTitle(String mount, String title) {
        try (RawClient admin = RawClient.connect(server.port())) {
            admin.send("GET /admin/metadata?mode=updinfo&charset=UTF-8&mount=" + mount + "&song="
                    + URLEncoder.encode(title, StandardCharsets.UTF_8) + " HTTP/1.0\r\nAuthorization: "
                    + RawSource.basic("source", "server-pw") + "\r\n\r\n");
            assertThat(admin.readHead().status()).isEqualTo(200);
        }
    }

    private static List<String> titles(Path log) {
        List<String> titles = new ArrayList<>();
        for (String line : LogLines.of(log)) {
            Matcher matcher = LINE.matcher(line);
            titles.add(matcher.matches() ? matcher.group(3) : "unparsed: " + line);
        }
        return titles;
    }
}
