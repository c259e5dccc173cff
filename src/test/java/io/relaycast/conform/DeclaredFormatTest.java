package io.relaycast.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.mp3.SampleFormat;
import io.relaycast.playlist.TestTracks;
import io.relaycast.testing.Capture;
import io.relaycast.testing.CleanAudio;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Player;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's declared format ({@code sample-rate}, {@code channels}): listeners who join before any audio get silence in
 * that format, so the first source changes nothing for them; a mono first input in a stream declared stereo goes out as
 * stereo; and with {@code conform}, even the first input is held to it.
 */
class DeclaredFormatTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void listenersWaitingOnA48kHzMonoMountHearNoFormatChangeWhenItsDjComes() throws Exception {
        SampleFormat declared = new SampleFormat(48_000, 1);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(
                MountConfig.of("/talk").withFormat(declared), MountConfig.of("/undeclared"))));
             Player vlc = Player.vlc(dir, server.url("/talk"));
             RawClient listener = listening(server, "/talk"); RawClient other = listening(server, "/undeclared")) {
            try (Capture capture = Capture.of(listener); Capture otherCapture = Capture.of(other)) {
                Mount talk = server.context().mounts().find("/talk");
                Mount undeclared = server.context().mounts().find("/undeclared");
                patiently("silence going out to both").until(() -> capture.bytes() > 8_000 && otherCapture.bytes() > 8_000);
                assertThat(talk.format()).as("the server's silence").matches(declared::matches);

                for (Mount mount : List.of(talk, undeclared)) {
                    try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl(mount.path()), 3, 660,
                            "-ar", "48000", "-ac", "1")) {
                        patiently("the DJ on " + mount.path()).until(() -> mount.onAir() == OnAir.LIVE
                                && mount.stats().framesReceived() > 60);
                        patiently("the DJ gone from " + mount.path()).until(() -> mount.onAir() == OnAir.SILENCE);
                    }
                }
                long bytes = capture.bytes();
                patiently("2 s more of silence").until(() -> capture.bytes() > bytes + 2 * 16_000);

                assertThat(talk.stats().formatChanges()).as("format changes on the declared mount").isZero();
                assertThat(undeclared.stats().formatChanges()).as("44.1 kHz stereo silence, then the DJ").isEqualTo(1);
                byte[] heard = capture.data();
                assertDecodesCleanly(heard);
                assertThat(FrameChain.sampleRates(heard)).containsExactly(48_000);
                assertThat(FrameChain.channels(heard)).containsExactly(1);
                assertThat(vlc.complaints()).as("VLC's complaints, %s", vlc).isEmpty();
            }
        }
    }

    /**
     * VLC 3 loses the audio when a stream turns from mono to stereo: without a declaration a station whose first track is
     * mono would be mono to its first listeners, and stereo from its second track on.
     */
    @Test
    void aMonoFirstTrackOnAMountDeclaredStereoGoesOutAsStereoAndVlcPlaysOn() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 8, 64, 440, 1, "Mono", "Jingle");
        TestTracks.tagged(music.resolve("2.mp3"), 60, 128, 660, 2, "Stereo", "Track");
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(
                MountConfig.withPlaylist("/auto", music).withFormat(new SampleFormat(44_100, 2)))));
             Player vlc = Player.vlc(dir, server.url("/auto")); RawClient listener = listening(server, "/auto")) {
            try (Capture capture = Capture.of(listener)) {
                Mount mount = server.context().mounts().find("/auto");
                patiently("VLC plays the mono jingle, " + vlc).until(() -> vlc.shows("New Icy-Title=Mono - Jingle\n"));
                patiently("VLC plays the stereo track, " + vlc).until(() -> vlc.shows("New Icy-Title=Stereo - Track\n"));
                long bytes = capture.bytes();
                patiently("4 s of the stereo track").until(() -> capture.bytes() > bytes + 4 * 16_000);

                assertThat(vlc.complaints()).as("VLC's complaints, %s", vlc).isEmpty();
                assertThat(mount.stats().formatChanges()).isZero();
                assertThat(mount.stats().upmixedFrames()).as("the jingle's frames").isGreaterThan(100);
                byte[] heard = capture.data();
                assertDecodesCleanly(heard);
                assertThat(FrameChain.channels(heard)).containsExactly(2);
            }
        }
    }

    @Test
    void withConformTheFirstTrackAndTheFirstDjAreHeldToTheDeclaredFormat() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 60, 128, 440, 2, 44_100, "Auto", "Forty Four");
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(
                MountConfig.withPlaylist("/auto", music).withConform(true).withFormat(new SampleFormat(48_000, 2)))));
             Player vlc = Player.vlc(dir, server.url("/auto")); RawClient listener = listening(server, "/auto")) {
            try (Capture capture = Capture.of(listener)) {
                Mount mount = server.context().mounts().find("/auto");
                patiently("VLC plays the AutoDJ, " + vlc).until(() -> vlc.shows("New Icy-Title=Auto - Forty Four\n"));
                patiently("the first track re-encoded").until(() -> mount.stats().reencodedFrames() > 50);
                long beforeDj = mount.stats().reencodedFrames();
                try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/auto"), 4, 660)) {
                    patiently("the 44.1 kHz DJ on air, re-encoded").until(() -> mount.onAir() == OnAir.LIVE
                            && mount.stats().reencodedFrames() > beforeDj + 100);
                    patiently("the DJ gone and the AutoDJ back").until(() -> mount.onAir() == OnAir.PLAYLIST);
                }
                long bytes = capture.bytes();
                patiently("4 s more of the AutoDJ").until(() -> capture.bytes() > bytes + 4 * 16_000);

                assertThat(vlc.complaints()).as("VLC's complaints, %s", vlc).isEmpty();
                assertThat(mount.stats().formatChanges()).isZero();
                byte[] heard = capture.data();
                assertDecodesCleanly(heard);
                assertThat(FrameChain.sampleRates(heard)).containsExactly(48_000);
            }
        }
    }

    @Test
    void withConformAnIntroInAnotherFormatIsReencodedToTheDeclaredOneWhenItIsLoaded() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 60, 128, 440, 2, 44_100, "Auto", "Forty Four");
        Path intro = TestTracks.tagged(dir.resolve("intro.mp3"), 2, 64, 880, 1, 48_000, "Station", "Jingle");
        ListenerRules withIntro = ListenerRules.builder().intro(intro).build();
        MountConfig auto = MountConfig.builder("/auto").playlist(music).listeners(withIntro).build();
        MountConfig plain = MountConfig.builder("/plain").listeners(withIntro).build();
        SampleFormat declared = new SampleFormat(44_100, 2);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(
                auto.withConform(true).withFormat(declared), plain.withFormat(declared))))) {
            Mount mount = server.context().mounts().find("/auto");
            assertThat(mount.intro().format()).as("the intro, re-encoded").matches(declared::matches);
            assertThat(mount.intro().durationNanos() / 1_000_000).as("ms").isBetween(1_950L, 2_150L);
            assertThat(server.context().mounts().find("/plain").intro().format().sampleRate())
                    .as("the intro of a mount that does not conform").isEqualTo(48_000);
            try (RawClient listener = listening(server, "/auto"); Capture capture = Capture.of(listener)) {
                patiently("the intro and 3 s of the track").until(() -> capture.bytes() > 8_000 + 3 * 16_000);
                byte[] heard = capture.data();
                assertDecodesCleanly(heard);
                assertThat(FrameChain.sampleRates(heard)).containsExactly(44_100);
                assertThat(FrameChain.channels(heard)).containsExactly(2);
            }
        }
    }

    /** A fallback mount at 48 kHz relayed into a mount declared 44.1 kHz: conform re-encodes it, before and after a DJ. */
    @Test
    void withConformARelayedFallbackMountInAnotherFormatIsReencoded() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 60, 128, 440, 2, 48_000, "Auto", "Forty Eight");
        MountConfig live = MountConfig.builder("/live").fallbackMount("/auto").build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(
                MountConfig.withPlaylist("/auto", music), live.withConform(true).withFormat(new SampleFormat(44_100, 2)))));
             Player vlc = Player.vlc(dir, server.url("/live")); RawClient listener = listening(server, "/live")) {
            try (Capture capture = Capture.of(listener)) {
                Mount mount = server.context().mounts().find("/live");
                patiently("VLC plays the relayed AutoDJ, " + vlc).until(() -> vlc.shows("New Icy-Title=Auto - Forty Eight\n"));
                patiently("the fallback mount re-encoded").until(() -> mount.onAir() == OnAir.FALLBACK_MOUNT
                        && mount.stats().reencodedFrames() > 50);
                try (Programs.Running dj = Ffmpeg.liveSource(dir, server.icecastUrl("/live"), 3, 660)) {
                    patiently("the DJ on air").until(() -> mount.onAir() == OnAir.LIVE && mount.stats().framesReceived() > 60);
                    patiently("the DJ gone").until(() -> mount.onAir() == OnAir.FALLBACK_MOUNT);
                }
                long afterDj = mount.stats().reencodedFrames();
                patiently("the fallback mount re-encoded again").until(() -> mount.stats().reencodedFrames() > afterDj + 100);

                assertThat(vlc.complaints()).as("VLC's complaints, %s", vlc).isEmpty();
                assertThat(mount.stats().formatChanges()).isZero();
                byte[] heard = capture.data();
                assertDecodesCleanly(heard);
                assertThat(FrameChain.sampleRates(heard)).containsExactly(44_100);
            }
        }
        patiently("the fallback mount's re-encoding ffmpeg ended with the server").until(() -> ProcessHandle.current()
                .descendants().noneMatch(process -> process.info().commandLine().orElse("").contains("-i pipe:0")));
    }

    /** A listener of {@code path}, past the response head. */
    private static RawClient listening(TestServer server, String path) throws IOException {
        RawClient listener = RawClient.connect(server.port());
        listener.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(listener.readHead().status()).isEqualTo(200);
        return listener;
    }

    private void assertDecodesCleanly(byte[] heard) throws IOException {
        CleanAudio.assertDecodesCleanly(dir, heard, 100);
    }

    private static ConditionFactory patiently(String what) {
        return await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(100));
    }
}
