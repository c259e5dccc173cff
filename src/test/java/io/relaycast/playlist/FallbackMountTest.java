package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.config.MountDefaults;
import io.relaycast.config.ServerConfig;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountObserver;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Icecast's fallback-mount as a relaying input: listeners of /main hear /backup, then /main's own source, then /backup. */
class FallbackMountTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try")
    void aMountWithoutSourceRelaysItsFallbackMountAndItsSourceOverridesIt() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("b.mp3"), 20, 128, 440, "Backup", "Track");
        List<MountConfig> mounts = List.of(
                MountConfig.builder("/main").fallbackMount("/backup").build(),
                MountConfig.withPlaylist("/backup", music));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(mounts));
             IcyRecorder listener = new IcyRecorder(server.port(), "/main")) {
            Mount main = server.context().mounts().find("/main");
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.titleTexts().contains("Backup - Track"));
            assertThat(main.onAir()).isEqualTo(OnAir.FALLBACK_MOUNT);

            try (Programs.Running source = Ffmpeg.liveSource(dir.resolve("logs"), server.icecastUrl("/main"), 2, 660)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> main.onAir() == OnAir.LIVE);
                await().atMost(Duration.ofSeconds(10)).until(() -> main.onAir() == OnAir.FALLBACK_MOUNT);
            }
            int heard = listener.audioBytes();
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.audioBytes() > heard + 3 * 16_000);
            assertThat(listener.healthy()).as("listener: %s", listener.failure()).isTrue();
            assertThat(listener.titleTexts()).filteredOn(title -> !title.isEmpty())
                    .containsSubsequence("Backup - Track", "Backup - Track");
            byte[] audio = listener.audio();
            FrameChain.assertChain(audio, false);
            assertThat(Ffmpeg.decodeErrors(Files.write(dir.resolve("received.mp3"), audio))).isEmpty();
            assertThat(main.stats().sourceConnects()).isEqualTo(1);
        }
    }

    @Test
    @SuppressWarnings("try")
    void theAdminSwitchesTheFallbackMountWhileListenersHearIt() throws Exception {
        Path backup = Files.createDirectories(dir.resolve("backup"));
        TestTracks.tagged(backup.resolve("b.mp3"), 20, 128, 440, "Backup", "Track");
        Path reserve = Files.createDirectories(dir.resolve("reserve"));
        TestTracks.tagged(reserve.resolve("r.mp3"), 20, 128, 550, "Reserve", "Track");
        List<MountConfig> mounts = List.of(
                MountConfig.builder("/main").fallbackMount("/backup").build(),
                MountConfig.withPlaylist("/backup", backup), MountConfig.withPlaylist("/reserve", reserve));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(mounts));
             IcyRecorder listener = new IcyRecorder(server.port(), "/main")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.titleTexts().contains("Backup - Track"));
            String fallbacks = server.url("/admin/fallbacks?mount=/main&fallback=");
            HttpResponse<String> switched = WebClient.get(fallbacks + "/reserve", "Authorization", WebClient.admin());
            assertThat(switched.statusCode()).isEqualTo(200);
            assertThat(XmlDocs.text(XmlDocs.parse(switched.body()), "/iceresponse/message")).isEqualTo("Fallback configured");
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.titleTexts().contains("Reserve - Track"));
            Mount main = server.context().mounts().find("/main");
            assertThat(main.onAir()).isEqualTo(OnAir.FALLBACK_MOUNT);
            assertThat(main.metadata().title()).isEqualTo("Reserve - Track");
            // Only /reserve is relayed now: /main publishes one stream's frames (38.3 a second), not both mounts'.
            AtomicLong published = new AtomicLong();
            main.addFrameTap(frame -> {
                published.incrementAndGet();
                frame.release();
            });
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> published.get() >= 77);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("77 frames are 2 s of one stream")
                    .isGreaterThan(Duration.ofMillis(1500));
            int heard = listener.audioBytes();
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.audioBytes() > heard + 2 * 16_000);
            assertThat(listener.healthy()).as("listener: %s", listener.failure()).isTrue();
            byte[] audio = listener.audio();
            FrameChain.assertChain(audio, false);
            assertThat(Ffmpeg.decodeErrors(Files.write(dir.resolve("switched.mp3"), audio))).isEmpty();

            assertThat(WebClient.get(fallbacks + "/nowhere", "Authorization", WebClient.admin()).statusCode()).isEqualTo(400);
            assertThat(WebClient.get(fallbacks + "/main", "Authorization", WebClient.admin()).statusCode()).isEqualTo(400);
            assertThat(WebClient.get(fallbacks + "/backup").statusCode()).as("no login").isEqualTo(401);
        }
    }

    @Test
    void listmountsNamesEachMountsFallbackAsIcecastDoes() {
        List<MountConfig> mounts = List.of(
                MountConfig.builder("/main").fallbackMount("/backup").build(),
                MountConfig.of("/backup"), MountConfig.of("/reserve"),
                MountConfig.builder("/early").fallbackMount("/later").build());
        try (TestServer server = TestServer.start(TestServer.config().withMounts(mounts))) {
            String listmounts = server.url("/admin/listmounts");

            Document before = XmlDocs.parse(WebClient.get(listmounts, "Authorization", WebClient.admin()).body());
            WebClient.get(server.url("/admin/fallbacks?mount=/main&fallback=/reserve"), "Authorization", WebClient.admin());
            Document after = XmlDocs.parse(WebClient.get(listmounts, "Authorization", WebClient.admin()).body());

            assertThat(XmlDocs.text(before, "/icestats/source[@mount='/main']/fallback")).isEqualTo("/backup");
            assertThat(XmlDocs.text(before, "/icestats/source[@mount='/backup']/fallback")).isEmpty();
            assertThat(XmlDocs.text(before, "/icestats/source[@mount='/early']/fallback"))
                    .as("a fallback mount not there yet").isEqualTo("/later");
            assertThat(XmlDocs.text(after, "/icestats/source[@mount='/main']/fallback")).isEqualTo("/reserve");
        }
    }

    /**
     * /main falls back to /dj, a mount a DJ makes, which falls back to /autodj by mount-defaults: when the DJ leaves,
     * /main hears /autodj through /dj though nobody listens to /dj itself, as Icecast follows the chain of fallbacks.
     */
    @Test
    void aFallbackChainGoesOnThroughAMountASourceMadeThatHasNoListenersOfItsOwn() throws Exception {
        Path music = Files.createDirectories(dir.resolve("autodj"));
        TestTracks.tagged(music.resolve("a.mp3"), 20, 128, 440, "Auto", "DJ");
        List<MountConfig> mounts = List.of(MountConfig.builder("/main").fallbackMount("/dj").build(),
                MountConfig.withPlaylist("/autodj", music));
        List<MountDefaults> defaults = List.of(
                new MountDefaults("/dj", MountConfig.builder("/dj").fallbackMount("/autodj").build()));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(mounts).withMountDefaults(defaults));
             IcyRecorder listener = new IcyRecorder(server.port(), "/main")) {
            Mount main = server.context().mounts().find("/main");
            try (RawClient dj = RawSource.open(server.port(), "/dj")) {
                await("the DJ on air").atMost(Duration.ofSeconds(10)).until(() -> onAir(server, "/dj"));
            }
            Mount djMount = server.context().mounts().find("/dj");
            await("/dj relays /autodj").atMost(Duration.ofSeconds(10))
                    .until(() -> djMount.onAir() == OnAir.FALLBACK_MOUNT);
            await("/main hears /autodj").atMost(Duration.ofSeconds(10))
                    .until(() -> listener.titleTexts().contains("Auto - DJ"));
            assertThat(main.onAir()).isEqualTo(OnAir.FALLBACK_MOUNT);
        }
    }

    /** The station plays its playlist between shows; the DJ's mount is off then, not listed and not silence. */
    @Test
    void aDjMountWithNoFallbackOfItsOwnIsOffBetweenShowsThoughTheStationFallsBackOnIt() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 20, 128, 440, "Auto", "DJ");
        List<MountConfig> mounts = List.of(MountConfig.builder("/radio").playlist(music).fallbackMount("/dj").build());
        try (TestServer server = TestServer.start(TestServer.config().withMounts(mounts));
             IcyRecorder listener = new IcyRecorder(server.port(), "/radio")) {
            try (RawClient dj = RawSource.open(server.port(), "/dj")) {
                await("the DJ on air").atMost(Duration.ofSeconds(10)).until(() -> onAir(server, "/dj"));
            }
            Mount djMount = server.context().mounts().find("/dj");
            await("/dj off once its DJ left").atMost(Duration.ofSeconds(10)).until(() -> djMount.onAir() == OnAir.OFF);
            int heard = listener.audioBytes();
            await("/radio plays on").atMost(Duration.ofSeconds(10)).until(() -> listener.audioBytes() > heard + 2 * 16_000);

            assertThat(djMount.onAir()).isEqualTo(OnAir.OFF);
            assertThat(WebClient.get(server.url("/status-json.xsl")).body()).doesNotContain("/dj");
        }
    }

    /**
     * /radio falls back to /live, whose DJs fall back to /backup by mount-defaults: once /backup has had a source, /live
     * still has nothing to relay while nobody is live on /live or /backup, so it is off, not silence for /radio.
     */
    @Test
    void aDjMountIsOffBetweenShowsWhileItsOwnFallbackMountHasNoSourceEither() throws Exception {
        try (TestServer server = TestServer.start(stationFallingBackOnLive());
             IcyRecorder listener = new IcyRecorder(server.port(), "/radio")) {
            showOn(server, "/live");
            showOn(server, "/backup");
            showOn(server, "/live");
            Mount live = server.context().mounts().find("/live");
            int heard = listener.audioBytes();
            await("/radio plays on").atMost(Duration.ofSeconds(10)).until(() -> listener.audioBytes() > heard + 2 * 16_000);

            assertThat(live.stats().silenceFrames()).isZero();
            assertThat(live.onAir()).isEqualTo(OnAir.OFF);
            assertThat(RawClient.listenStatus(server.port(), "/live")).isEqualTo(404);
            assertThat(server.context().mounts().find("/radio").onAir()).isEqualTo(OnAir.PLAYLIST);
        }
    }

    /** /live, off and kept by /radio since its DJ left, gets its fallback mount only then: /radio hears it through /live. */
    @Test
    @SuppressWarnings("try")
    void theStationHearsTheFallbackMountADjMountGetsAfterItsDjLeft() throws Exception {
        try (TestServer server = TestServer.start(stationFallingBackOnLive())) {
            showOn(server, "/live");
            Mount radio = server.context().mounts().find("/radio");
            try (Programs.Running backup = Ffmpeg.liveSource(dir.resolve("logs"), server.icecastUrl("/backup"), 30, 660)) {
                await("/radio hears /backup through /live").atMost(Duration.ofSeconds(15))
                        .until(() -> radio.onAir() == OnAir.FALLBACK_MOUNT);
                assertThat(server.context().mounts().find("/live").onAir()).isEqualTo(OnAir.FALLBACK_MOUNT);
            }
        }
    }

    @Test
    void theAdminsFallbackChoiceOutlivesTheConfiguredFallbackMountBeingMadeLater() {
        List<MountConfig> mounts = List.of(MountConfig.builder("/main").fallbackMount("/dj").build(), MountConfig.of("/backup"));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(mounts))) {
            HttpResponse<String> switched = WebClient.get(server.url("/admin/fallbacks?mount=/main&fallback=/backup"),
                    "Authorization", WebClient.admin());
            assertThat(switched.statusCode()).isEqualTo(200);

            try (RawClient dj = RawSource.open(server.port(), "/dj")) {
                await("the DJ on air").atMost(Duration.ofSeconds(10)).until(() -> onAir(server, "/dj"));
                assertThat(server.context().mounts().find("/main").fallback().fallbackPath()).isEqualTo("/backup");
            }
        }
    }

    /** Mounts relaying each other would each wait for the other's frames, both silent: the admin is refused that. */
    @Test
    void theAdminCannotMakeMountsFallBackOnEachOther() {
        List<MountConfig> mounts = List.of(MountConfig.builder("/a").fallbackMount("/b").build(),
                MountConfig.builder("/b").fallbackMount("/c").build(), MountConfig.builder("/c").fallbackMount("/d").build());
        try (TestServer server = TestServer.start(TestServer.config().withMounts(mounts))) {
            String fallbacks = server.url("/admin/fallbacks?mount=");

            HttpResponse<String> back = WebClient.get(fallbacks + "/b&fallback=/a", "Authorization", WebClient.admin());
            HttpResponse<String> round = WebClient.get(fallbacks + "/c&fallback=/a", "Authorization", WebClient.admin());
            HttpResponse<String> onward = WebClient.get(fallbacks + "/a&fallback=/c", "Authorization", WebClient.admin());

            assertThat(back.statusCode()).isEqualTo(400);
            assertThat(XmlDocs.text(XmlDocs.parse(back.body()), "/iceresponse/message"))
                    .isEqualTo("/a falls back to /b already: /b cannot fall back to it");
            assertThat(round.statusCode()).isEqualTo(400);
            assertThat(onward.statusCode()).isEqualTo(200);
            assertThat(server.context().mounts().find("/b").fallback().fallbackPath()).isEqualTo("/c");
            assertThat(server.context().mounts().find("/c").fallback().fallbackPath()).isEqualTo("/d");
        }
    }

    /** /radio plays a playlist and falls back to /live, which falls back to /backup by mount-defaults. */
    private ServerConfig stationFallingBackOnLive() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 20, 128, 440, "Auto", "DJ");
        List<MountConfig> mounts = List.of(MountConfig.builder("/radio").playlist(music).fallbackMount("/live").build());
        List<MountDefaults> defaults = List.of(
                new MountDefaults("/live", MountConfig.builder("/live").fallbackMount("/backup").build()));
        return TestServer.config().withMounts(mounts).withMountDefaults(defaults);
    }

    /** A source goes on air on {@code path} and leaves. */
    private static void showOn(TestServer server, String path) {
        try (RawClient source = RawSource.open(server.port(), path)) {
            await("on air: " + path).atMost(Duration.ofSeconds(10)).until(() -> onAir(server, path));
        }
        await("off air: " + path).atMost(Duration.ofSeconds(10))
                .until(() -> server.context().mounts().find(path) == null || !onAir(server, path));
    }


    @Test
    void theStationWaitsForTheDjsNextConnectionRatherThanPlayingItsPlaylistBetweenTheTwo() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("a.mp3"), 60, 128, 440, "Alpha", "One");
        List<byte[]> tone = TestAudio.toneFrames(dir, 2);
        List<MountConfig> mounts = List.of(MountConfig.builder("/radio").playlist(music).fallbackMount("/live").build());
        try (TestServer server = TestServer.start(TestServer.config().withMounts(mounts))) {
            Mount radio = server.context().mounts().find("/radio");
            await("playlist on air").atMost(Duration.ofSeconds(10)).until(() -> radio.onAir() == OnAir.PLAYLIST);
            List<String> shown = new CopyOnWriteArrayList<>();
            RawClient next;
            try (RawClient first = RawSource.open(server.port(), "/live")) {
                first.send(TestAudio.concat(tone));
                await("/radio relays /live").atMost(Duration.ofSeconds(10))
                        .until(() -> radio.onAir() == OnAir.FALLBACK_MOUNT);
                radio.addObserver(new MountObserver() {
                    @Override
                    public void titleShown(Mount mount, IcyMetadata title) {
                        shown.add(title.title());
                    }
                });
                next = RawSource.login(server.port(), "/live", TestServer.SOURCE_PASSWORD);
                await("next connection waits").atMost(Duration.ofSeconds(10))
                        .until(() -> server.context().mounts().sourcesWaitingFor("/live") == 1);
            }
            try (next) {
                assertThat(next.readHead().status()).isEqualTo(100);
                Mount live = server.context().mounts().find("/live");
                await("handed over").atMost(Duration.ofSeconds(10)).until(() -> live.stats().sourceHandovers() == 1);
                next.send(TestAudio.concat(tone));
                await("/radio relays the next connection").atMost(Duration.ofSeconds(10))
                        .until(() -> live.stats().framesReceived() >= 2L * tone.size() - 1);
                assertThat(radio.onAir()).isEqualTo(OnAir.FALLBACK_MOUNT);
                assertThat(shown).as("titles /radio showed during the handover").doesNotContain("Alpha - One");
            }
        }
    }

    private static boolean onAir(TestServer server, String path) {
        Mount mount = server.context().mounts().find(path);
        return mount != null && mount.onAir() == OnAir.LIVE;
    }
}
