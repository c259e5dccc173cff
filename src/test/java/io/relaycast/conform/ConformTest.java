package io.relaycast.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.playlist.TestTracks;
import io.relaycast.testing.Capture;
import io.relaycast.testing.CleanAudio;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Mixxx;
import io.relaycast.testing.Player;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.Station;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's {@code conform}: a live source at another sample rate than the stream's is re-encoded by ffmpeg to the
 * stream's format, so that listeners' players never see the format change. Without it, VLC 3 (3.0.24) loses the audio
 * for good once a stream goes from 44.1 kHz to 48 kHz and back: its decoder fails on every frame after the return.
 */
class ConformTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aDjAt48kHzBetweenAutoDjTracksAt44kHzIsReencodedSoVlcAndMpvPlayOn() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 120, 128, 440, "Auto", "Forty Four");
        try (TestServer server = conforming(music);
             Player mpv = Player.mpv(dir, server.url("/auto")); Player vlc = Player.vlc(dir, server.url("/auto"));
             RawClient listener = listening(server)) {
            try (Capture capture = Capture.of(listener)) {
                awaitBothShow(mpv, vlc, "Auto - Forty Four");
                Mount mount = server.context().mounts().find("/auto");
                try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/auto"), 6, 660, "-ar", "48000")) {
                    patiently("the DJ on air, re-encoded").until(() -> mount.onAir() == OnAir.LIVE
                            && mount.stats().reencodedFrames() > 100);
                    patiently("the DJ gone and the AutoDJ back").until(() -> mount.onAir() == OnAir.PLAYLIST);
                }
                // VLC used to fail on every frame from the return to 44.1 kHz on: let both play on for 4 s.
                double position = mpv.position();
                patiently("mpv plays 4 s more, " + mpv).until(() -> mpv.position() > position + 4);

                assertThat(vlc.isRunning()).isTrue();
                assertEveryoneHeardOneFormat(mpv, vlc, mount, capture);
                assertThat(mount.stats().reencodedFrames()).as("about 6 s of frames re-encoded").isBetween(150L, 260L);
                assertThat(mount.stats().reencodeDropped()).isZero();
            }
        }
    }

    @Test
    void mixxxAt48kHzTakingOverAnAutoDjAt44kHzIsReencodedAndVlcPlaysOn() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 120, 128, 660, 2, 44_100, "Auto", "Dj");
        // Mixxx 2.3 streams at its engine's rate, 48 kHz unless told otherwise.
        Path set = TestTracks.tagged(dir.resolve("set.mp3"), 60, 128, 440, 2, 48_000, "Mixxx", "Live Set");
        Station station = new Station("Mixxx Live", "House", "Live over the AutoDJ", "https://mixxx.example/");
        try (TestServer server = conforming(music);
             Mixxx mixxx = Mixxx.icecast(dir, server.port(), TestServer.SOURCE_PASSWORD, "/auto", station, set);
             Player vlc = Player.vlc(dir, server.url("/auto")); RawClient listener = listening(server)) {
            try (Capture capture = Capture.of(listener)) {
                Mount mount = server.context().mounts().find("/auto");
                patiently("VLC plays the AutoDJ, " + vlc).until(() -> vlc.shows("New Icy-Title=Auto - Dj\n"));
                mixxx.play();
                mixxx.goOnAir();
                patiently("Mixxx on air, re-encoded, " + vlc).until(() -> mount.onAir() == OnAir.LIVE
                        && mount.stats().reencodedFrames() > 100 && vlc.shows("New Icy-Title=Mixxx - Live Set\n"));
                mixxx.goOffAir();
                patiently("the AutoDJ back").until(() -> mount.onAir() == OnAir.PLAYLIST);
                long back = capture.bytes();
                patiently("4 s more of the AutoDJ").until(() -> capture.bytes() > back + 4 * 16_000);

                assertThat(vlc.complaints()).as("VLC's complaints, %s", vlc).isEmpty();
                assertThat(mount.stats().formatChanges()).as("format changes listeners saw").isZero();
                byte[] heard = capture.data();
                assertDecodesCleanly(heard);
                assertThat(FrameChain.sampleRates(heard)).containsExactly(44_100);
            }
        }
    }

    @Test
    void aPlaylistTrackAt48kHzAmongTracksAt44kHzIsReencoded() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 5, 128, 440, 2, 44_100, "Auto", "First");
        TestTracks.tagged(music.resolve("2.mp3"), 4, 128, 550, 2, 48_000, "Auto", "Forty Eight");
        TestTracks.tagged(music.resolve("3.mp3"), 60, 128, 660, 2, 44_100, "Auto", "Third");
        try (TestServer server = conforming(music);
             Player mpv = Player.mpv(dir, server.url("/auto")); Player vlc = Player.vlc(dir, server.url("/auto"));
             RawClient listener = listening(server)) {
            try (Capture capture = Capture.of(listener)) {
                awaitBothShow(mpv, vlc, "Auto - Third");
                double position = mpv.position();
                patiently("mpv plays 4 s more, " + mpv).until(() -> mpv.position() > position + 4);

                Mount mount = server.context().mounts().find("/auto");
                assertEveryoneHeardOneFormat(mpv, vlc, mount, capture);
                assertThat(mount.stats().reencodedFrames()).as("the 4 s track, re-encoded").isBetween(140L, 165L);
            }
        }
    }

    @Test
    void aStereoDjOnAMonoStationGoesOutInMono() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 120, 64, 440, 1, "Mono", "Station");
        try (TestServer server = conforming(music)) {
            // Listeners join once the mono track plays (the server's silence before it is stereo).
            Mount mount = server.context().mounts().find("/auto");
            patiently("the mono AutoDJ playing").until(() -> mount.format() != null && mount.format().channels() == 1);
            long formatChanges = mount.stats().formatChanges();
            try (Player vlc = Player.vlc(dir, server.url("/auto")); RawClient listener = listening(server)) {
                try (Capture capture = Capture.of(listener)) {
                    patiently("VLC plays the AutoDJ, " + vlc).until(() -> vlc.shows("New Icy-Title=Mono - Station\n"));
                    int complaintsBefore = vlc.complaints().size();
                    try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/auto"), 4, 660)) {
                        patiently("the DJ on air, re-encoded").until(() -> mount.onAir() == OnAir.LIVE
                                && mount.stats().reencodedFrames() > 100);
                        patiently("the DJ gone and the AutoDJ back").until(() -> mount.onAir() == OnAir.PLAYLIST);
                    }
                    long bytes = capture.bytes();
                    patiently("4 s more of the AutoDJ").until(() -> capture.bytes() > bytes + 4 * 8_000);
                    List<String> complaints = vlc.complaints();
                    assertThat(complaints.subList(complaintsBefore, complaints.size())).as("VLC's complaints, %s", vlc)
                            .isEmpty();
                    assertThat(mount.stats().formatChanges()).as("format changes listeners saw").isEqualTo(formatChanges);
                    byte[] heard = capture.data();
                    assertDecodesCleanly(heard);
                    List<Integer> channels = FrameChain.channels(heard);
                    assertThat(channels).as("mono only: the join burst does not reach back to the server's stereo silence")
                            .containsExactly(1);
                }
            }
        }
    }

    /** A relay whose origin switched, or an encoder restarted in place: the source's own rate changes mid-set. */
    @Test
    void aSourceThatTurnsTo48kHzMidSetIsReencodedFromThere() throws Exception {
        Path set = dir.resolve("set.mp3");
        try (var out = Files.newOutputStream(set)) {
            out.write(Files.readAllBytes(bareTone(dir.resolve("a.mp3"), 3, 44_100)));
            out.write(Files.readAllBytes(bareTone(dir.resolve("b.mp3"), 5, 48_000)));
        }
        try (TestServer server = conformingWithAudio(); RawClient listener = listening(server)) {
            Mount auto = server.context().mounts().find("/auto");
            try (Capture capture = Capture.of(listener);
                 Programs.Running dj = Programs.start(dir, List.of("ffmpeg", "-nostdin", "-v", "error", "-re", "-i",
                         set.toString(), "-c", "copy", "-content_type", "audio/mpeg", "-f", "mp3", server.icecastUrl("/auto")))) {
                patiently("the DJ on air, at its own 44.1 kHz first").until(() -> auto.onAir() == OnAir.LIVE
                        && auto.stats().framesReceived() > 60);
                assertThat(auto.stats().reencodedFrames()).isZero();
                patiently("the DJ's 48 kHz re-encoded").until(() -> auto.stats().reencodedFrames() > 100);
                patiently("the DJ gone and the AutoDJ back").until(() -> auto.onAir() == OnAir.PLAYLIST);
                long bytes = capture.bytes();
                patiently("2 s more of the AutoDJ").until(() -> capture.bytes() > bytes + 2 * 16_000);

                assertThat(auto.stats().formatChanges()).as("format changes listeners saw").isZero();
                byte[] heard = capture.data();
                assertDecodesCleanly(heard);
                assertThat(FrameChain.sampleRates(heard)).containsExactly(44_100);
            }
        }
    }

    /** A tone MP3 at {@code sampleRate} with no tag and no Info frame: frames only, to be joined to another. */
    private static Path bareTone(Path file, double seconds, int sampleRate) {
        Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=550:sample_rate=" + sampleRate + ":duration=" + seconds, "-ac", "2", "-c:a", "libmp3lame",
                "-b:a", "128k", "-id3v2_version", "0", "-write_xing", "0", file.toString()).assertSuccess();
        return file;
    }

    @Test
    void aSourceAtTheStreamsRateAndOneOnAMountWithNoAudioYetGoOutAsTheyCome() throws Exception {
        try (TestServer server = conformingWithAudio()) {
            Mount auto = server.context().mounts().find("/auto");
            try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/auto"), 30, 660)) {
                patiently("the DJ at 44.1 kHz on air").until(() -> auto.onAir() == OnAir.LIVE
                        && auto.stats().framesReceived() > 50);
                assertThat(auto.stats().reencodedFrames()).isZero();
            }
            // A conforming mount with no playlist that has had no audio yet: its first source sets its format.
            try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/empty"), 30, 660, "-ar", "48000")) {
                Mount empty = server.context().mounts().find("/empty");
                patiently("the DJ at 48 kHz on /empty").until(() -> empty.onAir() == OnAir.LIVE
                        && empty.stats().framesReceived() > 50);
                assertThat(empty.format().sampleRate()).isEqualTo(48_000);
                assertThat(empty.stats().reencodedFrames()).isZero();
            }
        }
    }

    @Test
    void withoutFfmpegTheSourceGoesOutAsItComes() throws Exception {
        try (TestServer server = conformingWithAudio()) {
            Mount auto = server.context().mounts().find("/auto");
            auto.conformLive(dir.resolve("no-such-ffmpeg").toString());
            try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/auto"), 30, 660, "-ar", "48000")) {
                patiently("the DJ's own 48 kHz on air").until(() -> auto.onAir() == OnAir.LIVE
                        && auto.format().sampleRate() == 48_000);
                assertThat(auto.stats().reencodedFrames()).isZero();
                assertThat(auto.stats().formatChanges()).isEqualTo(1);
            }
        }
    }

    @Test
    void aReencodingThatDiesOrIsStuckIsGivenUpAndTheDjGoesOutAsItComes() throws Exception {
        for (String signal : List.of("-KILL", "-STOP")) {
            try (TestServer server = conformingWithAudio()) {
                Mount auto = server.context().mounts().find("/auto");
                try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/auto"), 30, 660, "-ar", "48000")) {
                    patiently("the DJ re-encoded").until(() -> auto.stats().reencodedFrames() > 20);
                    ProcessHandle ffmpeg = reencodingFfmpeg();
                    Programs.run(Duration.ofSeconds(10), "kill", signal, String.valueOf(ffmpeg.pid())).assertSuccess();
                    patiently("the DJ's own 48 kHz on air after kill " + signal).until(() ->
                            auto.onAir() == OnAir.LIVE && auto.format().sampleRate() == 48_000);
                    long frames = auto.stats().framesReceived();
                    patiently("the DJ's audio going on").until(() -> auto.stats().framesReceived() > frames + 20);
                    patiently("the given-up ffmpeg ended, even stopped").until(() -> !ffmpeg.isAlive());
                }
            }
        }
    }

    @Test
    void djsComingAndGoingLeaveNoFfmpegOrThreadBehind() throws Exception {
        try (TestServer server = conformingWithAudio()) {
            Mount auto = server.context().mounts().find("/auto");
            for (int round = 1; round <= 8; round++) {
                long before = auto.stats().reencodedFrames();
                try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/auto"), 1.5, 660, "-ar", "48000")) {
                    patiently("DJ " + round + " re-encoded").until(() -> auto.stats().reencodedFrames() > before + 10);
                    patiently("DJ " + round + " gone").until(() -> auto.onAir() == OnAir.PLAYLIST);
                }
            }
            patiently("no re-encoding ffmpeg left").until(() -> reencodingFfmpegs().findAny().isEmpty());
            patiently("no re-encoding thread left").until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(thread -> thread.getName().startsWith("reencode-")));
            assertThat(auto.stats().sourceConnects()).isEqualTo(8);
        }
    }

    /** The ffmpeg this JVM runs to re-encode a live source (there is one). */
    private static ProcessHandle reencodingFfmpeg() {
        return reencodingFfmpegs().findFirst().orElseThrow(() -> new AssertionError("no re-encoding ffmpeg running"));
    }

    /** The ffmpeg processes this JVM runs to re-encode live sources. */
    private static Stream<ProcessHandle> reencodingFfmpegs() {
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("-i pipe:0"));
    }

    /** {@link #conforming} with a minute of a 44.1 kHz track, once /auto plays it. */
    private TestServer conformingWithAudio() throws IOException {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 60, 128, 440, "Auto", "Forty Four");
        TestServer server = conforming(music);
        Mount auto = server.context().mounts().find("/auto");
        patiently("the AutoDJ playing").until(() -> auto.format() != null);
        return server;
    }

    /**
     * A server whose mounts re-encode live sources that would change their format: /auto, which plays {@code music}, and
     * /empty, which has no playlist.
     */
    private static TestServer conforming(Path music) {
        return TestServer.start(TestServer.config().withMounts(List.of(
                MountConfig.withPlaylist("/auto", music).withConform(true), MountConfig.of("/empty").withConform(true))));
    }

    /** A listener of /auto, past the response head. */
    private static RawClient listening(TestServer server) throws IOException {
        RawClient listener = RawClient.connect(server.port());
        listener.send("GET /auto HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(listener.readHead().status()).isEqualTo(200);
        return listener;
    }

    /** Neither player complained, no format change went out, and the raw listener got clean 44.1 kHz audio only. */
    private void assertEveryoneHeardOneFormat(Player mpv, Player vlc, Mount mount, Capture capture) throws IOException {
        assertThat(mpv.complaints()).as("mpv's complaints, %s", mpv).isEmpty();
        assertThat(vlc.complaints()).as("VLC's complaints, %s", vlc).isEmpty();
        assertThat(mount.stats().formatChanges()).as("format changes listeners saw").isZero();
        byte[] heard = capture.data();
        assertDecodesCleanly(heard);
        assertThat(FrameChain.sampleRates(heard)).containsExactly(44_100);
    }

    private void assertDecodesCleanly(byte[] heard) throws IOException {
        CleanAudio.assertDecodesCleanly(dir, heard, 100);
    }

    /** Waits until both players show {@code title} as the stream's title. */
    private static void awaitBothShow(Player mpv, Player vlc, String title) {
        patiently("mpv and VLC show '" + title + "', " + mpv + ", " + vlc)
                .until(() -> mpv.shows("icy-title: " + title + "\n") && vlc.shows("New Icy-Title=" + title + "\n"));
    }

    private static ConditionFactory patiently(String what) {
        return await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(100));
    }
}
