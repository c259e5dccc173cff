package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.playlist.TestTracks;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Mpg123;
import io.relaycast.testing.Player;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The players listeners use, installed from Debian, on a real server: mpv (FFmpeg's HTTP client and MP3 decoder) and
 * VLC (its own HTTP and ICY client, mpg123's decoder). Each must play without a single complaint about the stream
 * (Icecast's unaligned join burst alone makes mpv report junk and a missing header), show the station and every title,
 * and play on, without reconnecting, while a DJ takes an AutoDJ mount over and leaves. streamripper, which cuts a stream
 * into files at its ICY title changes, must save each AutoDJ track whole, under its title.
 */
class RealPlayersTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void mpvAndVlcPlayALiveMountCleanlyAndShowItsStationAndTheTitlesSetThroughAdmin() throws Exception {
        try (TestServer server = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, server.icecastUrl("/live"), 120, 440,
                     "-ice_name", "Test FM", "-ice_genre", "Jazz")) {
            await().atMost(PATIENCE).until(() -> onAir(server, "/live") == OnAir.LIVE);
            setTitle(server, "/live", "Earth; Wind & Fire - September");
            try (Player mpv = Player.mpv(dir, server.url("/live")); Player vlc = Player.vlc(dir, server.url("/live"))) {
                awaitBoth(mpv, vlc, "Earth; Wind & Fire - September");
                setTitle(server, "/live", "Miles Davis - So What");
                awaitBoth(mpv, vlc, "Miles Davis - So What");
                patiently("mpv plays 8 s: " + mpv).until(() -> mpv.position() >= 8);

                assertThat(mpv.log()).contains("icy-name: Test FM", "icy-genre: Jazz");
                assertThat(vlc.log()).contains("Icy-Name: Test FM", "Icy-Genre: Jazz");
                assertClean(mpv, vlc);
            }
        }
    }

    @Test
    void vlcAndMpvShowEveryTrackOfAnAutoDjMountThatNobodyNamed() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 6, 128, 440, "Auto", "One");
        TestTracks.tagged(music.resolve("2.mp3"), 6, 128, 550, "Auto", "Two");
        try (TestServer server = autoDj(music);
             Player mpv = Player.mpv(dir, server.url("/auto")); Player vlc = Player.vlc(dir, server.url("/auto"))) {
            // VLC asks for titles only from a stream that has a name: relaycast gives the unnamed one its mount's.
            awaitBoth(mpv, vlc, "Auto - One");
            awaitBoth(mpv, vlc, "Auto - Two");
            assertThat(mpv.log()).as("the bitrate of the AutoDJ's audio").contains("icy-br: 128");
            assertClean(mpv, vlc);
        }
    }

    @Test
    void mpvAndVlcPlayOnWithoutReconnectingWhileADjTakesTheAutoDjOverAndLeaves() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("auto.mp3"), 30, 128, 440, "Auto", "Dj");
        try (TestServer server = autoDj(music);
             Player mpv = Player.mpv(dir, server.url("/auto")); Player vlc = Player.vlc(dir, server.url("/auto"))) {
            Mount mount = server.context().mounts().find("/auto");
            awaitBoth(mpv, vlc, "Auto - Dj");
            long connects = mount.stats().listenerConnects();
            try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/auto"), 6, 880)) {
                await().atMost(PATIENCE).until(() -> mount.onAir() == OnAir.LIVE);
                setTitle(server, "/auto", "DJ - Live Set");
                awaitBoth(mpv, vlc, "DJ - Live Set");
                await().atMost(PATIENCE).until(() -> mount.onAir() == OnAir.PLAYLIST);
            }
            double beforeTheReturn = mpv.position();
            patiently("both show the AutoDJ's title again: " + mpv + ", " + vlc)
                    .until(() -> count(mpv.log(), "icy-title: Auto - Dj") >= 2
                            && count(vlc.log(), "New Icy-Title=Auto - Dj") >= 2);
            patiently("mpv plays 5 s more: " + mpv).until(() -> mpv.position() >= beforeTheReturn + 5);

            assertThat(mount.stats().listenerConnects()).as("no player reconnected").isEqualTo(connects);
            assertThat(mpv.isRunning()).isTrue();
            assertThat(vlc.isRunning()).isTrue();
            assertClean(mpv, vlc);
        }
    }

    @Test
    void streamripperSavesEachAutoDjTrackInAFileNamedAfterItsTitleThatDecodesCleanly() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 8, 128, 440, "Auto", "One");
        TestTracks.tagged(music.resolve("2.mp3"), 8, 128, 550, "Auto", "Two");
        Path rips = dir.resolve("rips");
        try (TestServer server = autoDj(music)) {
            // --xs_none: split where the title changes, not at a nearby silence.
            Programs.run(dir, Duration.ofSeconds(60), List.of("streamripper", server.url("/auto"), "-l", "20", "-d",
                    rips.toString(), "-s", "--xs_none")).assertSuccess();
        }
        // The track playing when it joined is saved as incomplete; the next are whole.
        List<Path> whole;
        try (var files = Files.list(rips)) {
            whole = files.filter(file -> file.toString().endsWith(".mp3")).toList();
        }
        assertThat(whole).isNotEmpty();
        for (Path track : whole) {
            assertThat(track.getFileName().toString()).isIn("Auto - One.mp3", "Auto - Two.mp3");
            assertThat(Ffmpeg.decodeErrors(track)).as(track.toString()).isEmpty();
            assertThat(Mpg123.decodeProblems(track)).as(track.toString()).isEmpty();
            double seconds = TestAudio.frames(track).size() * 1152 / 44100.0;
            assertThat(seconds).as("%s lasts a track (8 s and the encoder's delay), give or take a metadata interval (1 s)",
                    track).isBetween(6.5, 9.5);
        }
    }

    @Test
    void vlcAndMpvPlayOnThroughAMonoJingleBetweenStereoTracks() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 5, 128, 440, "Auto", "Stereo One");
        TestTracks.tagged(music.resolve("2.mp3"), 3, 64, 880, 1, "Jingle", "Mono");
        TestTracks.tagged(music.resolve("3.mp3"), 30, 128, 550, "Auto", "Stereo Two");
        try (TestServer server = autoDj(music);
             Player mpv = Player.mpv(dir, server.url("/auto")); Player vlc = Player.vlc(dir, server.url("/auto"))) {
            awaitBoth(mpv, vlc, "Jingle - Mono");
            awaitBoth(mpv, vlc, "Auto - Stereo Two");
            // VLC 3 used to fail on every frame after the jingle ("mpg123 decoder error"): let it play on for 4 s.
            double position = mpv.position();
            patiently("mpv plays 4 s more, " + mpv).until(() -> mpv.position() > position + 4);

            assertThat(vlc.isRunning()).isTrue();
            assertClean(mpv, vlc);
            assertThat(server.context().mounts().find("/auto").stats().upmixedFrames())
                    .as("the jingle's 3 s went out as stereo").isBetween(100L, 130L);
        }
    }

    /** A server whose mount /auto plays {@code music}. */
    private static TestServer autoDj(Path music) {
        return TestServer.start(TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/auto", music))));
    }

    private static void awaitBoth(Player mpv, Player vlc, String title) {
        patiently("mpv and VLC show '" + title + "': " + mpv + ", " + vlc)
                .until(() -> mpv.shows("icy-title: " + title + "\n") && vlc.shows("New Icy-Title=" + title + "\n"));
    }

    private static void assertClean(Player mpv, Player vlc) {
        assertThat(mpv.complaints()).as("mpv's complaints, %s", mpv).isEmpty();
        assertThat(vlc.complaints()).as("VLC's complaints, %s", vlc).isEmpty();
    }

    private static ConditionFactory patiently(String what) {
        return await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(250));
    }

    private static OnAir onAir(TestServer server, String path) {
        Mount mount = server.context().mounts().find(path);
        return mount == null ? OnAir.OFF : mount.onAir();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private void setTitle(TestServer server, String mount, String title) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/admin/metadata?mode=updinfo&mount=" + mount
                        + "&song=" + URLEncoder.encode(title, StandardCharsets.UTF_8).replace("%3B", ";"))))
                .header("Authorization", RawSource.basic("admin", TestServer.ADMIN_PASSWORD))
                .timeout(Duration.ofSeconds(5)).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
