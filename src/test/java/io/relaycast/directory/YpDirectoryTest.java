package io.relaycast.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.StationInfo;
import io.relaycast.config.YpSettings;
import io.relaycast.mount.OnAir;
import io.relaycast.server.RelaycastServer;
import io.relaycast.status.StatusReport;
import io.relaycast.testing.FormServer;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing public mounts in a stream directory with Icecast's YP protocol, against a directory on a real HTTP server:
 * what is added (and what never is), touches with listeners and song, removal when a mount stops, and how refusals and
 * an unreachable directory are treated.
 */
class YpDirectoryTest {

    /** Icecast's order of things, with waits short enough for a test. */
    private static final YpSchedule QUICK = new YpSchedule(Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofMillis(500));
    /** {@link #QUICK}, with a directory that could not be reached tried again after half a second. */
    private static final YpSchedule QUICK_RETRY = new YpSchedule(QUICK.tick(), QUICK.firstAdd(), QUICK.firstTouch(),
            QUICK.songTouch(), QUICK.minTouch(), Duration.ofMillis(500), QUICK.afterAddRefused(), QUICK.afterTouchRefused());
    private static final String PUBLIC_HOST = "radio.example.org:8000";

    @TempDir
    static Path dir;
    static List<byte[]> frames;

    private final AtomicInteger sids = new AtomicInteger();
    private FormServer directory;
    private List<Map<String, String>> posts;

    @BeforeAll
    static void makeAudio() {
        frames = TestAudio.toneFrames(dir, 2);
    }

    @BeforeEach
    void startDirectory() {
        directory = FormServer.start(this::acceptEverything);
        posts = directory.posts();
    }

    @AfterEach
    void stopDirectory() {
        directory.close();
    }

    private URI directoryUrl() {
        return URI.create(directory.url("/cgi-bin/yp-cgi"));
    }

    /** A directory that lists everything, asks for a touch every second, and gives each listing a new SID. */
    private Map<String, String> acceptEverything(Map<String, String> form) {
        if ("add".equals(form.get("action"))) {
            return Map.of("YPResponse", "1", "YPMessage", "Successfully added", "SID", "sid-" + sids.incrementAndGet(),
                    "TouchFreq", "1");
        }
        return Map.of("YPResponse", "1", "YPMessage", "OK");
    }

    private YpDirectory directoryFor(TestServer server, Duration timeout) {
        return directoryFor(server, timeout, QUICK);
    }

    private YpDirectory directoryFor(TestServer server, Duration timeout, YpSchedule schedule) {
        YpSettings settings = new YpSettings(List.of(directoryUrl()), timeout, null, PUBLIC_HOST);
        return new YpDirectory(directoryUrl(), settings, schedule, YpDirectory.publicMounts(server.context().mounts(),
                new StatusReport(server.context(), Instant.now(), "relaycast test"), PUBLIC_HOST),
                () -> server.context().config().maxListeners(), "relaycast test").start();
    }

    @Test
    void aPublicMountIsAddedTouchedWithItsListenersAndSongAndRemovedWhenItsSourceLeaves() throws Exception {
        // Half a second of audio, then none while the test waits for the touch: a source timeout far off.
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(5))) {
            try (RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1", "ice-name: Night Owl",
                    "ice-genre: Jazz", "ice-description: Late jazz & blues", "ice-url: https://owl.example",
                    "ice-bitrate: 128")) {
                source.send(TestAudio.concat(frames.subList(0, 20)));
                Map<String, String> add = awaitPost("add", post -> true);
                assertThat(add).containsEntry("path", "/cgi-bin/yp-cgi").containsEntry("sn", "Night Owl")
                        .containsEntry("genre", "Jazz").containsEntry("desc", "Late jazz & blues")
                        .containsEntry("url", "https://owl.example")
                        .containsEntry("listenurl", "http://radio.example.org:8000/live")
                        .containsEntry("type", "audio/mpeg").containsEntry("b", "128").containsEntry("cpswd", "")
                        .containsEntry("user-agent", "relaycast test")
                        .containsEntry("content-type", "application/x-www-form-urlencoded");
                await().atMost(Duration.ofSeconds(5)).until(() -> yp.listed().equals(Set.of("/live")));

                try (RawClient listener = RawClient.connect(server.port())) {
                    listener.send("GET /live HTTP/1.0\r\n\r\n");
                    assertThat(listener.readHead().status()).isEqualTo(200);
                    assertThat(WebClient.get(server.url("/admin/metadata?mode=updinfo&mount=%2Flive&song="
                            + "Miles%20Davis%20-%20So%20What"), "Authorization", WebClient.admin()).statusCode())
                            .isEqualTo(200);
                    Map<String, String> touch = awaitPost("touch", post -> "1".equals(post.get("listeners"))
                            && "Miles Davis - So What".equals(post.get("st")));
                    assertThat(touch).containsEntry("sid", "sid-1")
                            .containsEntry("max_listeners", Integer.toString(server.context().config().maxListeners()));
                }
            }
            Map<String, String> remove = awaitPost("remove", post -> true);
            assertThat(remove).containsEntry("sid", "sid-1");
            await().atMost(Duration.ofSeconds(5)).until(() -> yp.listed().isEmpty());
            assertThat(posts).filteredOn(post -> "add".equals(post.get("action"))).hasSize(1);
        }
    }

    @Test
    void aNewSourceOnAConfiguredPublicMountIsListedAnewWithItsOwnNameAndBitrate() {
        MountConfig live = MountConfig.builder("/live").station(new StationInfo(null, null, null, null, true)).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(live)));
             RawClient morning = RawSource.open(server.port(), "/live", "ice-name: Morning", "ice-bitrate: 128")) {
            morning.send(TestAudio.concat(frames.subList(0, 20)));
            await("the morning DJ on air").atMost(Duration.ofSeconds(5))
                    .until(() -> server.context().mounts().find("/live").onAir() == OnAir.LIVE);
            try (YpDirectory yp = directoryFor(server, Duration.ofSeconds(5))) {
                assertThat(awaitPost("add", post -> true)).containsEntry("sn", "Morning").containsEntry("b", "128");
                awaitPost("touch", post -> "sid-1".equals(post.get("sid")));
                assertThat(yp.listed()).containsExactly("/live");
                morning.close();
                try (RawClient night = RawSource.open(server.port(), "/live", "ice-name: Night", "ice-bitrate: 192")) {
                    night.send(TestAudio.concat(frames.subList(0, 20)));
                    await("the night DJ listed").atMost(Duration.ofSeconds(5)).until(() -> posts.stream()
                            .anyMatch(post -> "add".equals(post.get("action")) && "Night".equals(post.get("sn"))));
                }
            }
        }
        List<String> conversation = posts.stream().map(post -> post.get("action") + " " + post.getOrDefault("sid",
                post.get("sn") + " " + post.get("b"))).toList();
        assertThat(conversation).containsSubsequence("add Morning 128", "remove sid-1", "add Night 192");
        assertThat(conversation.subList(conversation.indexOf("remove sid-1"), conversation.size()))
                .doesNotContain("touch sid-1");
    }

    @Test
    void aPublicStationsPlaylistIsListedButPrivateAndHiddenMountsNeverAre() throws Exception {
        MountConfig autoDj = MountConfig.builder("/autodj").playlist(dir)
                .station(new StationInfo("Owl AutoDJ", null, "Jazz", null, true)).build();
        MountConfig hidden = MountConfig.builder("/hidden").station(new StationInfo("Hidden Gem", null, null, null, true))
                .hidden(true).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(autoDj, hidden)));
             RawClient secret = RawSource.open(server.port(), "/private", "ice-public: 0", "ice-name: Not listed");
             RawClient gem = RawSource.open(server.port(), "/hidden", "ice-public: 1")) {
            secret.send(TestAudio.concat(frames.subList(0, 20)));
            gem.send(TestAudio.concat(frames.subList(0, 20)));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.context().mounts().find("/private") != null
                    && server.context().mounts().find("/private").onAir() == OnAir.LIVE
                    && server.context().mounts().find("/hidden").onAir() == OnAir.LIVE
                    && server.context().mounts().find("/autodj").onAir() == OnAir.PLAYLIST);
            try (YpDirectory yp = directoryFor(server, Duration.ofSeconds(5))) {
                // Every mount was due in the same tick as the playlist's add; by its first touch, all adds are in.
                awaitPost("touch", post -> "sid-1".equals(post.get("sid")));
                assertThat(posts).filteredOn(post -> "add".equals(post.get("action")))
                        .extracting(post -> post.get("listenurl") + " " + post.get("sn") + " " + post.get("genre"))
                        .containsExactly("http://radio.example.org:8000/autodj Owl AutoDJ Jazz");
                assertThat(yp.listed()).containsExactly("/autodj");
            }
        }
    }

    @Test
    void aTouchTheDirectoryRefusesIsFollowedByANewAdd() throws Exception {
        directory.answer(form -> "touch".equals(form.get("action")) && "sid-1".equals(form.get("sid"))
                ? Map.of("YPResponse", "0", "YPMessage", "SID does not exist") : acceptEverything(form));
        try (TestServer server = TestServer.start();
             RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1");
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(5))) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            awaitPost("touch", post -> "sid-2".equals(post.get("sid")));
            assertThat(posts).extracting(post -> post.get("action") + " " + post.getOrDefault("sid", ""))
                    .startsWith("add ", "touch sid-1", "add ", "touch sid-2");
        }
    }

    @Test
    void aDirectoryThatDoesNotAnswerIsNotAskedAgainAtOnce() throws Exception {
        directory.answer(form -> null);
        // The source sends half a second of audio and must stay listable through the YP timeout and the watch after it.
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1");
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(5))) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            awaitPost("add", post -> true);
            await("the server gives up on the unanswered add").atMost(Duration.ofSeconds(15))
                    .until(() -> directory.abandoned() == 1);
            // Ten ticks after the timeout, still the one attempt: the next is due after QUICK's 30 s.
            await("no second attempt").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> posts.size() == 1);
            assertThat(yp.listed()).isEmpty();
        }
    }

    /**
     * A directory that took the add and whose answer was lost (the connection reset) has listed the mount: the add is
     * not sent again at once, which would list it twice, the second listing never touched nor removed.
     */
    @Test
    void anAddWhoseAnswerIsLostIsNotSentAgainAtOnce() throws Exception {
        directory.dropConnections(true);
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1");
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(5))) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            awaitPost("add", post -> true);
            // The next attempt is due after QUICK's 30 s.
            await("no second add").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> posts.size() == 1);
            assertThat(yp.listed()).isEmpty();
        }
    }

    @Test
    void aDirectoryThatStallsInItsAnswersBodyIsGivenUpOnAfterTheTimeoutAndAskedAgainLater() throws Exception {
        directory.stallBodies(true);
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1");
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(1), QUICK_RETRY)) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            awaitPost("add", post -> true);
            directory.stallBodies(false);
            await("the stalled add given up on").atMost(Duration.ofSeconds(10)).until(() -> directory.abandoned() == 1);
            await("listed by the next add").atMost(Duration.ofSeconds(10)).until(() -> yp.listed().equals(Set.of("/live")));
            assertThat(posts).extracting(post -> post.get("action")).startsWith("add", "add");
        }
    }

    /**
     * After one touch went unanswered the directory is asked nothing for a while, but a mount that stops meanwhile is
     * still removed, as Icecast removes a listing it holds, also the one whose touch went unanswered (with the SID it
     * had): listeners would otherwise find a dead stream listed until the directory expires it.
     */
    @Test
    void everyMountThatStopsWhileTheDirectoryIsPausedAfterAnUnansweredTouchIsStillRemoved() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(3))) {
            listTwoMountsThenEndThem(server, yp, form -> "touch".equals(form.get("action")) ? null : acceptEverything(form),
                    () -> await("a touch given up on").atMost(Duration.ofSeconds(15)).until(() -> directory.abandoned() == 1));
            await("both listings removed").atMost(Duration.ofSeconds(10))
                    .until(() -> sidsOf("remove").size() == 2);
            assertThat(sidsOf("remove")).containsExactlyInAnyOrder("sid-1", "sid-2");
            assertThat(yp.listed()).isEmpty();
        }
    }

    /** A server stopping in the pause after an unanswered touch still removes the listing, with the SID it had. */
    @Test
    void aListingWhoseTouchWentUnansweredIsRemovedWhenTheServerStopsDuringThePause() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1");
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(3))) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            await("the mount listed").atMost(Duration.ofSeconds(10)).until(() -> yp.listed().size() == 1);
            directory.answer(form -> "touch".equals(form.get("action")) ? null : acceptEverything(form));
            await("a touch given up on").atMost(Duration.ofSeconds(15)).until(() -> directory.abandoned() == 1);

            yp.close();

            assertThat(sidsOf("remove")).containsExactly("sid-1");
        }
    }

    @Test
    void aRemoveTheDirectoryDoesNotAnswerHoldsBackTheNextRemoveInsteadOfTimingOutOnEach() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(3))) {
            listTwoMountsThenEndThem(server, yp, form -> "remove".equals(form.get("action")) ? null : acceptEverything(form),
                    () -> { });
            await("the first remove given up on").atMost(Duration.ofSeconds(15)).until(() -> directory.abandoned() == 1);
            // The first remove was the one try of the pause its failure started: the other listing is left to expire.
            await("no second remove in that pause").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> posts.stream().filter(post -> "remove".equals(post.get("action"))).count() == 1);
            assertThat(yp.listed()).isEmpty();
        }
    }

    @Test
    void aTouchTheDirectoryDoesNotAnswerIsFollowedByANewAddNotByATouchOfTheOldListing() throws Exception {
        directory.answer(form -> "touch".equals(form.get("action")) && "sid-1".equals(form.get("sid"))
                ? null : acceptEverything(form));
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1");
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(1), QUICK_RETRY)) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            await("the request after the unanswered touch").atMost(Duration.ofSeconds(15)).until(() -> posts.size() >= 3);
            assertThat(posts.subList(0, 3)).extracting(post -> post.get("action") + " " + post.getOrDefault("sid", ""))
                    .containsExactly("add ", "touch sid-1", "add ");
        }
    }

    /** A directory closing a kept-alive connection just as a touch goes out: the touch goes again, the listing stays. */
    @Test
    void aTouchWhoseConnectionTheDirectoryClosedIsSentAgainOnceAndTheListingKept() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1");
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(1), QUICK_RETRY)) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            await("listed").atMost(Duration.ofSeconds(10)).until(() -> yp.listed().equals(Set.of("/live")));
            directory.dropNext(1);
            await("the touch and its second sending").atMost(Duration.ofSeconds(15)).until(() -> posts.size() >= 3);
            assertThat(posts.subList(0, 3)).extracting(post -> post.get("action") + " " + post.getOrDefault("sid", ""))
                    .containsExactly("add ", "touch sid-1", "touch sid-1");
            assertThat(yp.listed()).containsExactly("/live");
        }
    }

    @Test
    void aDjTakingAPlaylistMountWhoseAddWasRefusedIsAddedSecondsLaterNotHours() throws Exception {
        directory.answer(form -> "add".equals(form.get("action")) && !"Night".equals(form.get("sn"))
                ? Map.of("YPResponse", "0", "YPMessage", "Missing stream name") : acceptEverything(form));
        MountConfig autoDj = MountConfig.builder("/autodj").playlist(dir)
                .station(new StationInfo(null, null, null, null, true)).build();
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)).withMounts(List.of(autoDj)));
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(5))) {
            awaitPost("add", post -> true);
            try (RawClient night = RawSource.open(server.port(), "/autodj", "ice-name: Night")) {
                night.send(TestAudio.concat(frames.subList(0, 20)));
                await("the DJ listed").atMost(Duration.ofSeconds(5)).until(() -> yp.listed().equals(Set.of("/autodj")));
            }
        }
        assertThat(posts).filteredOn(post -> "add".equals(post.get("action"))).extracting(post -> post.get("sn"))
                .hasSize(2).last().isEqualTo("Night");
    }

    @Test
    void aTitleChangingEveryFewMomentsIsTouchedNoMoreOftenThanTheShortestTouchInterval() throws Exception {
        YpSchedule slowest = new YpSchedule(QUICK.tick(), QUICK.firstAdd(), QUICK.firstTouch(), QUICK.songTouch(),
                Duration.ofSeconds(1), QUICK.afterUnreachable(), QUICK.afterAddRefused(), QUICK.afterTouchRefused());
        List<Long> touches = new CopyOnWriteArrayList<>();
        directory.answer(form -> {
            if ("touch".equals(form.get("action"))) {
                touches.add(System.nanoTime());
            }
            return acceptEverything(form);
        });
        AtomicInteger song = new AtomicInteger();
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1");
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(5), slowest)) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            awaitPost("touch", post -> true);
            await("four touches while the title changes").pollInterval(Duration.ofMillis(40)).atMost(Duration.ofSeconds(15))
                    .until(() -> WebClient.get(server.url("/admin/metadata?mode=updinfo&mount=%2Flive&song=Song%20"
                            + song.incrementAndGet()), "Authorization", WebClient.admin()).statusCode() == 200
                            && touches.size() >= 4);
        }
        List<Long> gaps = IntStream.range(1, touches.size())
                .mapToObj(i -> Duration.ofNanos(touches.get(i) - touches.get(i - 1)).toMillis()).toList();
        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isGreaterThan(700));
    }

    @Test
    void aDirectoryAskingForAnEndlessTouchIntervalIsTouchedHourlyInsteadOfAtEveryTick() throws Exception {
        String centuries = "99999999999";
        directory.answer(form -> "add".equals(form.get("action"))
                ? Map.of("YPResponse", "1", "SID", "sid-1", "TouchFreq", centuries)
                : Map.of("YPResponse", "1", "TouchFreq", centuries));
        try (TestServer server = TestServer.start();
             RawClient source = RawSource.open(server.port(), "/live", "ice-public: 1");
             YpDirectory yp = directoryFor(server, Duration.ofSeconds(5))) {
            source.send(TestAudio.concat(frames.subList(0, 20)));
            awaitPost("touch", post -> true);
            // Twenty ticks on, still the first touch (after QUICK's first-touch wait): the next one is an hour away.
            await("no touch after the first").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> posts.stream().filter(post -> "touch".equals(post.get("action"))).count() == 1);
            assertThat(yp.listed()).containsExactly("/live");
        }
    }

    @Test
    void theServerListsItsPublicMountsWithItsHostnameAndRemovesThemWhenItStops() {
        YpSettings settings = new YpSettings(List.of(directoryUrl()), null, null, "radio.example.org");
        MountConfig autoDj = MountConfig.builder("/autodj").playlist(dir)
                .station(new StationInfo("Owl AutoDJ", null, null, null, true)).build();
        TestServer server = TestServer.start(TestServer.config().withMounts(List.of(autoDj)).withYp(settings));
        try {
            // Icecast's own schedule: the first add five seconds after the mount appears.
            Map<String, String> add = awaitPost("add", post -> true);
            assertThat(add).containsEntry("listenurl", "http://radio.example.org:" + server.port() + "/autodj")
                    .containsEntry("sn", "Owl AutoDJ");
            assertThat(server.server().directories()).hasSize(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.server().directories().get(0).listed().isEmpty());
        } finally {
            server.close();
        }
        assertThat(posts).extracting(post -> post.get("action")).containsExactly("add", "remove");
        assertThat(posts.get(1)).containsEntry("sid", "sid-1");
    }

    /** The server's max-listeners applies at once on a reload, also to what directories are told. */
    @Test
    void theNextTouchAfterAReloadReportsTheReloadedServersMaxListeners() throws Exception {
        YpSettings settings = new YpSettings(List.of(directoryUrl()), null, null, "radio.example.org");
        MountConfig autoDj = MountConfig.builder("/autodj").playlist(dir)
                .station(new StationInfo("Owl AutoDJ", null, null, null, true)).build();
        ServerConfig config = TestServer.config().withMounts(List.of(autoDj)).withYp(settings);
        ServerConfig reloaded = config.toBuilder().maxListeners(250).build();
        try (RelaycastServer server = new RelaycastServer(config, 2).reloadFrom(() -> reloaded).start()) {
            awaitPost("add", post -> true);
            assertThat(server.reloadConfig().reloaded()).isTrue();

            assertThat(awaitPost("touch", post -> true)).containsEntry("max_listeners", "250");
        }
    }

    @Test
    void directoriesThatNeverAnswerTheRemovesHoldTheServersStopForFiveSecondsAtMost() {
        YpSettings settings = new YpSettings(List.of(directoryUrl(), URI.create(directory.url("/other/yp-cgi"))),
                Duration.ofSeconds(15), null, "radio.example.org");
        List<MountConfig> mounts = Stream.of("/one", "/two").map(path -> MountConfig.builder(path)
                .station(new StationInfo("Owl " + path, null, null, null, true)).build()).toList();
        TestServer server = TestServer.start(TestServer.config().withMounts(mounts).withYp(settings));
        long stopping;
        try {
            await("both directories list both mounts").atMost(Duration.ofSeconds(20)).until(() -> server.server()
                    .directories().stream().allMatch(yp -> yp.listed().size() == 2));
            directory.answer(form -> "remove".equals(form.get("action")) ? null : acceptEverything(form));
        } finally {
            stopping = System.nanoTime();
            server.close();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(YpDirectory.REMOVES_WAIT.plusSeconds(3));
        List<Map<String, String>> removes = posts.stream().filter(post -> "remove".equals(post.get("action"))).toList();
        assertThat(removes).extracting(post -> post.get("sid")).containsExactlyInAnyOrder("sid-1", "sid-2", "sid-3", "sid-4");
        assertThat(removes).extracting(post -> post.get("path")).containsOnly("/cgi-bin/yp-cgi", "/other/yp-cgi")
                .filteredOn("/other/yp-cgi"::equals).hasSize(2);
    }

    /**
     * Lists {@code /one} and {@code /two}, has the directory answer with {@code answers} from then on, and ends both
     * sources once {@code whileLive} is done.
     */
    private void listTwoMountsThenEndThem(TestServer server, YpDirectory yp,
                                          Function<Map<String, String>, Map<String, String>> answers, Runnable whileLive) {
        try (RawClient one = RawSource.open(server.port(), "/one", "ice-public: 1");
             RawClient two = RawSource.open(server.port(), "/two", "ice-public: 1")) {
            one.send(TestAudio.concat(frames.subList(0, 20)));
            two.send(TestAudio.concat(frames.subList(0, 20)));
            await("both mounts listed").atMost(Duration.ofSeconds(10)).until(() -> yp.listed().size() == 2);
            directory.answer(answers);
            whileLive.run();
        }
    }

    /** The SIDs the posts of {@code action} named. */
    private Set<String> sidsOf(String action) {
        return posts.stream().filter(post -> action.equals(post.get("action")))
                .map(post -> post.getOrDefault("sid", "")).collect(Collectors.toSet());
    }

    private Map<String, String> awaitPost(String action, Predicate<Map<String, String>> matching) {
        await().atMost(Duration.ofSeconds(15)).until(() -> posts.stream()
                .anyMatch(post -> action.equals(post.get("action")) && matching.test(post)));
        return posts.stream().filter(post -> action.equals(post.get("action")) && matching.test(post)).findFirst()
                .orElseThrow();
    }
}
