package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mount fed by its playlist through a real server, heard by a real ICY listener. */
class PlaylistFallbackTest {

    @TempDir
    Path dir;

    @Test
    void playsTaggedFilesAndSkipsBrokenEmptyAndNonMp3OnesCountingThem() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 1.2, 128, 440, "Alpha", "One");
        TestTracks.tagged(Files.createDirectories(music.resolve("sub")).resolve("b.mp3"), 1.2, 0, 660, "Beta", "Two");
        byte[] noise = new byte[20_000];
        new Random(7).nextBytes(noise);
        Files.write(music.resolve("aa-broken.mp3"), noise);
        Files.write(music.resolve("ab-empty.mp3"), new byte[0]);
        Files.writeString(music.resolve("ac-text.mp3"), "this is not audio\n".repeat(200));
        Files.writeString(music.resolve("notes.txt"), "ignored: not .mp3");

        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/radio",
                music)))); IcyRecorder listener = new IcyRecorder(server.port(), "/radio")) {
            Mount mount = server.context().mounts().find("/radio");
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.titleTexts().contains("Beta - Two")
                    && listener.titleTexts().lastIndexOf("Alpha - One") > listener.titleTexts().indexOf("Beta - Two"));

            assertThat(listener.healthy()).isTrue();
            assertThat(mount.stats().playlistFilesSkipped()).isGreaterThanOrEqualTo(3);
            assertThat(mount.stats().tracksStarted()).isGreaterThanOrEqualTo(3);
            String metrics = WebClient.get(server.url("/metrics")).body();
            assertThat(metrics).as("skips are a Prometheus metric")
                    .containsPattern("relaycast_playlist_files_skipped_total\\{mount=\"/radio\"} ([3-9]|\\d{2,})\\.")
                    .containsPattern("relaycast_playlist_tracks_started_total\\{mount=\"/radio\"} ([3-9]|\\d{2,})\\.");
            assertThat(server.context().jukeboxes().forMount("/radio").orElseThrow().tracks()).extracting(Track::id)
                    .containsExactly("a.mp3", "aa-broken.mp3", "ab-empty.mp3", "ac-text.mp3", "sub/b.mp3");
            byte[] audio = listener.audio();
            assertThat(FrameChain.assertChain(audio, false)).isGreaterThan(100);
            Path received = Files.write(dir.resolve("received.mp3"), audio);
            assertThat(Ffmpeg.decodeErrors(received)).isEmpty();
        }
    }

    @Test
    void aPlaylistWhoseScanHangsDoesNotHoldUpAnotherMountsPlaylist() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 3, 128, 440, "Alpha", "One");
        // Reading the title of a named pipe waits for a writer: a scan as slow as one of a huge library on a slow disk.
        Path stuck = dir.resolve("stuck.mp3");
        Programs.run(Duration.ofSeconds(10), "mkfifo", stuck.toString()).assertSuccess();
        Path list = Files.writeString(dir.resolve("stuck.m3u"), stuck + "\n");
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(
                MountConfig.withPlaylist("/radio", music), MountConfig.withPlaylist("/stuck", list))))) {
            Mount mount = server.context().mounts().find("/radio");
            await("/radio plays its playlist").atMost(Duration.ofSeconds(10)).until(() -> mount.stats().tracksStarted() > 0);
            assertThat(mount.onAir()).isEqualTo(OnAir.PLAYLIST);
        } finally {
            // A writer ends the stuck read; the pipe, gone, is a missing file from then on.
            Programs.run(Duration.ofSeconds(10), "sh", "-c", "exec 3<>'" + stuck + "' && rm '" + stuck + "'").assertSuccess();
        }
    }

    @Test
    void anEmptyPlaylistGivesSilenceThenPicksUpAddedFiles() throws Exception {
        Path music = Files.createDirectories(dir.resolve("empty"));
        MountConfig config = MountConfig.builder("/radio").playlist(music).resume(MountConfig.Resume.CONTINUE)
                .rescan(Duration.ofMillis(300)).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(config)));
             IcyRecorder listener = new IcyRecorder(server.port(), "/radio")) {
            Mount mount = server.context().mounts().find("/radio");
            int twoSeconds = 2 * 16_000;
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.audioBytes() > twoSeconds + 64 * 1024);
            assertThat(mount.onAir()).isEqualTo(OnAir.SILENCE);
            assertThat(mount.stats().silenceFrames()).isGreaterThan(70);

            TestTracks.tagged(dir.resolve("new.mp3"), 1.0, 128, 440, "Gamma", "Three");
            Files.move(dir.resolve("new.mp3"), music.resolve("new.mp3"));
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.titleTexts().contains("Gamma - Three"));
            assertThat(mount.onAir()).isEqualTo(OnAir.PLAYLIST);
            assertThat(listener.healthy()).isTrue();
            byte[] audio = listener.audio();
            FrameChain.assertChain(audio, false);
            Path received = Files.write(dir.resolve("received.mp3"), audio);
            assertThat(Ffmpeg.decodeErrors(received)).isEmpty();
            Programs.run(Duration.ofSeconds(30), "mpg123", "-q", "-t", received.toString()).assertSuccess();
        }
    }

    @Test
    void aSourceThatSentNoAudioDoesNotMakeANextTrackPlaylistSkipWhenItLeaves() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(nextTrackPlaylist())))) {
            Mount mount = playing(server);
            long before = mount.stats().tracksStarted();
            for (int attempt = 0; attempt < 3; attempt++) {
                try (RawClient source = RawSource.open(server.port(), "/radio")) {
                    await("source on air").atMost(Duration.ofSeconds(10)).until(() -> mount.onAir() == OnAir.LIVE);
                }
                await("playlist back").atMost(Duration.ofSeconds(10)).until(() -> mount.onAir() == OnAir.PLAYLIST);
            }
            await("no track skipped").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> mount.stats().tracksStarted() == before);
        }
    }

    @Test
    void aSetHandedOverToTheEncodersNextConnectionSkipsTheTrackOnceThatConnectionLeaves() throws Exception {
        List<byte[]> tone = TestAudio.toneFrames(dir, 2);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(nextTrackPlaylist())))) {
            Mount mount = playing(server);
            long before = mount.stats().tracksStarted();
            RawClient next;
            try (RawClient first = RawSource.open(server.port(), "/radio")) {
                first.send(TestAudio.concat(tone));
                await("audio received").atMost(Duration.ofSeconds(10))
                        .until(() -> mount.stats().framesReceived() >= tone.size() - 1);
                next = RawSource.login(server.port(), "/radio", TestServer.SOURCE_PASSWORD);
                await("next connection waits").atMost(Duration.ofSeconds(10))
                        .until(() -> server.context().mounts().sourcesWaitingFor("/radio") == 1);
            }
            try (next) {
                assertThat(next.readHead().status()).isEqualTo(100);
                await("handed over").atMost(Duration.ofSeconds(10)).until(() -> mount.stats().sourceHandovers() == 1);
                await("no track skipped at the handover").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> mount.onAir() == OnAir.LIVE && mount.stats().tracksStarted() == before);
            }
            await("the next track after the set the handover went on with").atMost(Duration.ofSeconds(10))
                    .until(() -> mount.onAir() == OnAir.PLAYLIST && mount.stats().tracksStarted() == before + 1);
        }
    }

    private MountConfig nextTrackPlaylist() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 60, 128, 440, "Alpha", "One");
        TestTracks.tagged(music.resolve("b.mp3"), 60, 128, 660, "Beta", "Two");
        return MountConfig.builder("/radio").playlist(music).resume(MountConfig.Resume.NEXT_TRACK).build();
    }

    private static Mount playing(TestServer server) {
        Mount mount = server.context().mounts().find("/radio");
        await("playlist on air").atMost(Duration.ofSeconds(10)).until(() -> mount.stats().tracksStarted() == 1);
        return mount;
    }
}
