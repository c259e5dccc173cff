package io.relaycast.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.relaycast.config.DumpFileName;
import io.relaycast.config.MountConfig;
import io.relaycast.config.SourceActions;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FormServer;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Icecast's per-mount {@code on-connect}, {@code on-disconnect} and {@code dump-file}, with a real server, real programs
 * and real files: the programs run with the mount as argument when a source comes and goes, and the recording holds
 * exactly the live source's frames, session after session, never the playlist played in between.
 */
class SourceHooksTest {

    /**
     * The sources here send a second of audio, then nothing, and must stay live while the test waits for events (up to
     * 10 s each on a loaded machine): longer than that, the test server's 3 s source timeout.
     */
    private static final Duration AUDIO_GAP_ALLOWED = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void programsRunWhenASourceConnectsAndLeavesWithTheMountAsArgument() throws Exception {
        Path events = dir.resolve("events.txt");
        Path onConnect = script("on-connect.sh", "echo \"$RELAYCAST_EVENT $1 $RELAYCAST_SOURCE_AGENT\" >> " + events);
        Path onDisconnect = script("on-disconnect.sh", "echo \"$RELAYCAST_EVENT $1\" >> " + events + "\nexit 3");
        MountConfig live = mount("/live", null, new SourceActions(onConnect.toString(), onDisconnect.toString(), null));
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        try (TestServer server = TestServer.start(TestServer.config(AUDIO_GAP_ALLOWED).withMounts(List.of(live)))) {
            try (RawClient source = RawSource.open(server.port(), "/live", "User-Agent: butt-0.1.40")) {
                source.send(audio);
                await().atMost(Duration.ofSeconds(10)).until(() -> read(events).equals(List.of("connect /live butt-0.1.40")));
                assertThat(server.context().mounts().find("/live").onAir()).isEqualTo(OnAir.LIVE);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> read(events).equals(List.of("connect /live butt-0.1.40", "disconnect /live")));
        }
    }

    /**
     * A script that starts a job in the background (a recorder) hands it its output: the program is done when it exits,
     * with its output and exit status logged then, not when the job it started ends.
     */
    @Test
    void aProgramIsDoneWhenItExitsThoughAJobItStartedInTheBackgroundRunsOn() throws Exception {
        Path job = dir.resolve("job.pid");
        Path onConnect = script("on-connect.sh", "echo recording\nsleep 30 &\necho $! > " + job + "\nexit 3");
        MountConfig live = mount("/live", null, new SourceActions(onConnect.toString(), null, null));
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(live)));
             LoggedWarnings log = LoggedWarnings.of(ProgramRunner.class);
             RawClient source = RawSource.open(server.port(), "/live")) {
            source.send(audio);
            await("the program's exit logged").atMost(Duration.ofSeconds(10))
                    .until(() -> log.first("mount /live: on-connect program", "exited with status 3") != null);
            assertThat(log.first(Level.INFO, "mount /live on-connect", ": recording")).isNotNull();
        } finally {
            stop(job);
        }
    }

    /**
     * A job a program leaves writing in the background (a recorder, chatty) writes into a pipe the server drains, not into
     * a file deleted from sight that grows on disk for as long as the job runs.
     */
    @Test
    void aJobLeftWritingInTheBackgroundWritesIntoAPipeNotAGrowingFile() throws Throwable {
        Path job = dir.resolve("job.pid");
        try {
            onConnectWrites("(while :; do head -c 65536 /dev/zero; sleep .1; done) &\necho $!", job, () -> {
                Path output = Path.of("/proc", read(job).get(0).trim(), "fd", "1");
                assertThat(Files.readSymbolicLink(output).toString()).startsWith("pipe:");
            });
        } finally {
            stop(job);
        }
    }

    /**
     * Programs that never exit, one per DJ set and more, hold no thread each: the server's program threads stay fewer
     * than the programs running, however many those are.
     */
    @Test
    void programsThatNeverExitHoldFewerThreadsThanThereArePrograms() throws Exception {
        Path pids = dir.resolve("pids");
        Path forever = script("forever.sh", "echo $$ >> " + pids + "\nexec sleep 120");
        MountConfig live = mount("/live", null, new SourceActions(forever.toString(), forever.toString(), null));
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        int sets = 10;
        long threadsBefore = programThreads();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(live)))) {
            for (int set = 1; set <= sets; set++) {
                RawSource.open(server.port(), "/live").send(audio).close();
                int started = 2 * set;
                await("both programs of set " + set + " started").atMost(Duration.ofSeconds(10))
                        .until(() -> read(pids).size() == started);
            }
            assertThat(programThreads() - threadsBefore).isLessThan(2 * sets);
        } finally {
            stop(pids);
        }
    }

    /**
     * The server's settings from its environment ({@code RELAYCAST_ADMIN_PASSWORD}, as Docker passes it) are none of a
     * program's business, and one that runs {@code env} would put them in the log: a program gets the hook's own
     * {@code RELAYCAST_} variables and no other. (The build sets {@code RELAYCAST_TEST_INHERITED} for the tests.)
     */
    @Test
    void programsGetTheHooksVariablesButNotTheServersSettingsFromTheEnvironment() throws Throwable {
        assertThat(System.getenv()).containsKey("RELAYCAST_TEST_INHERITED");
        Path seen = dir.resolve("env.txt");
        onConnectWrites("env | grep ^RELAYCAST_ | cut -d= -f1 | sort", seen, () -> assertThat(read(seen))
                .containsExactly("RELAYCAST_EVENT", "RELAYCAST_MOUNT", "RELAYCAST_SOURCE_ADDRESS", "RELAYCAST_SOURCE_AGENT"));
    }

    @Test
    void theBackendIsToldWhenADjItLetInGoesOnAirAndWhenTheyLeave() {
        try (FormServer backend = FormServer.start(form -> "stream_auth".equals(form.get("action"))
                && !"dj1".equals(form.get("user")) ? Map.of() : Map.of("icecast-auth-user", "1"))) {
            MountConfig live = MountConfig.builder("/live")
                    .sourceActions(new SourceActions(null, null, null, URI.create(backend.url("/add")),
                            URI.create(backend.url("/remove"))))
                    .sourceAuthUrl(URI.create(backend.url("/auth"))).build();
            byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
            try (TestServer server = TestServer.start(TestServer.config(AUDIO_GAP_ALLOWED).withMounts(List.of(live)))) {
                try (RawClient source = RawClient.connect(server.port())) {
                    source.send("SOURCE /live HTTP/1.0\r\nAuthorization: " + RawSource.basic("dj1", "pw")
                            + "\r\nUser-Agent: butt-0.1.40\r\nContent-Type: audio/mpeg\r\n\r\n");
                    assertThat(source.readHead().status()).isEqualTo(200);
                    source.send(audio);
                    await().atMost(Duration.ofSeconds(10)).until(() -> backend.posts().size() == 2);
                    assertThat(backend.posts().get(1)).containsEntry("path", "/add").containsEntry("action", "mount_add")
                            .containsEntry("mount", "/live").containsEntry("server", "localhost")
                            .containsEntry("port", Integer.toString(server.port())).containsEntry("ip", "127.0.0.1")
                            .containsEntry("user", "dj1").containsEntry("agent", "butt-0.1.40");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> backend.posts().size() == 3);
                assertThat(backend.posts().get(2)).containsEntry("path", "/remove").containsEntry("action", "mount_remove")
                        .containsEntry("mount", "/live").containsEntry("user", "dj1");

                // A backend that cannot be told costs the next DJ nothing but a warning.
                backend.stop();
                try (LoggedWarnings warnings = LoggedWarnings.of("io.relaycast.hooks.BackendNotifier");
                     RawClient admin = RawClient.connect(server.port())) {
                    admin.send("SOURCE /live HTTP/1.0\r\nAuthorization: " + RawSource.basic("admin", TestServer.ADMIN_PASSWORD)
                            + "\r\nContent-Type: audio/mpeg\r\n\r\n");
                    assertThat(admin.readHead().status()).isEqualTo(200);
                    admin.send(audio);
                    await().atMost(Duration.ofSeconds(10)).until(() -> warnings.first(Level.WARN, "mount /live: mount_add to",
                            "failed") != null);
                    assertThat(server.context().mounts().find("/live").onAir()).isEqualTo(OnAir.LIVE);
                }
            }
        }
    }

    @Test
    void aProgramThatCannotRunIsLoggedAndTheSourceStreamsOn() throws Exception {
        MountConfig live = mount("/live", null, new SourceActions(dir.resolve("missing.sh").toString(), null, null));
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(live)));
             RawClient source = RawSource.open(server.port(), "/live");
             RawClient listener = RawClient.connect(server.port())) {
            source.send(audio);
            Mount mount = server.context().mounts().find("/live");
            await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.LIVE);
            listener.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            assertThat(listener.readExactly(audio.length / 2)).as("the source's audio, program or not").isNotEmpty();
        }
    }

    @Test
    void theDumpFileRecordsEachLiveSessionAndNothingOfThePlaylist() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 30, 128, 330);
        String pattern = dir.resolve("shows/live-%Y%m%d.mp3").toString();
        MountConfig live = mount("/live", music, new SourceActions(null, null, pattern));
        byte[] set = TestAudio.concat(TestAudio.toneFrames(dir, 3));
        ZonedDateTime before = ZonedDateTime.now();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(live)))) {
            Mount mount = server.context().mounts().find("/live");
            for (int session = 1; session <= 2; session++) {
                long received = mount.stats().bytesReceived();
                RawSource.open(server.port(), "/live").send(set).close();
                await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().bytesReceived() == received + set.length);
                await().atMost(Duration.ofSeconds(10)).until(() -> mount.onAir() == OnAir.PLAYLIST);
                long expected = (long) session * set.length;
                await().atMost(Duration.ofSeconds(5)).until(() -> dumpSize(pattern, before) == expected);
            }
        }
        Path recorded = dumped(pattern, before);
        byte[] twice = TestAudio.concat(List.of(set, set));
        assertThat(Files.readAllBytes(recorded)).as("both sets, appended, exactly as sent").isEqualTo(twice);
    }

    /**
     * Has a source go on air on a mount whose on-connect script runs {@code command} with its output to {@code written}
     * (through a temporary file and a rename, so that it is whole once there), then runs {@code check}, the source still
     * on air.
     */
    private void onConnectWrites(String command, Path written, Executable check) throws Throwable {
        Path onConnect = script("on-connect.sh", command + " > " + written + ".tmp\nmv " + written + ".tmp " + written);
        MountConfig live = mount("/live", null, new SourceActions(onConnect.toString(), null, null));
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(live)));
             RawClient source = RawSource.open(server.port(), "/live")) {
            source.send(audio);
            await("the on-connect program's output").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(written));
            check.execute();
        }
    }

    private static MountConfig mount(String path, Path playlist, SourceActions actions) {
        return MountConfig.builder(path).playlist(playlist).sourceActions(actions).build();
    }

    private Path script(String name, String body) throws IOException {
        Path script = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Stops the processes whose ids {@code pids} lists. */
    private static void stop(Path pids) throws IOException {
        for (String pid : read(pids)) {
            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroy);
        }
    }

    private static long programThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith("relaycast-program"))
                .count();
    }

    private static List<String> read(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** The recording of today, as named when the test started or now (the test may straddle midnight). */
    private static Path dumped(String pattern, ZonedDateTime before) {
        for (ZonedDateTime time : Set.of(before, ZonedDateTime.now())) {
            Path file = Path.of(DumpFileName.expand(pattern, time));
            if (Files.exists(file)) {
                return file;
            }
        }
        return Path.of(DumpFileName.expand(pattern, before));
    }

    private static long dumpSize(String pattern, ZonedDateTime before) throws IOException {
        Path file = dumped(pattern, before);
        return Files.exists(file) ? Files.size(file) : -1;
    }
}
