package io.relaycast.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.DumpFileName;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.config.SourceActions;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Icecast's per-mount {@code on-connect}, {@code on-disconnect} and {@code dump-file}, with a real server, real programs
 * and real files: the programs run with the mount as argument when a source comes and goes, and the recording holds
 * exactly the live source's frames, session after session, never the playlist played in between.
 */
class SourceHooksTest {

    @TempDir
    Path dir;

    @Test
    void programsRunWhenASourceConnectsAndLeavesWithTheMountAsArgument() throws Exception {
        Path events = dir.resolve("events.txt");
        Path onConnect = script("on-connect.sh", "echo \"$RELAYCAST_EVENT $1 $RELAYCAST_SOURCE_AGENT\" >> " + events);
        Path onDisconnect = script("on-disconnect.sh", "echo \"$RELAYCAST_EVENT $1\" >> " + events + "\nexit 3");
        MountConfig live = mount("/live", null, new SourceActions(onConnect.toString(), onDisconnect.toString(), null));
        byte[] audio = TestAudio.concat(TestAudio.toneFrames(dir, 1));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(live)))) {
            try (RawClient source = RawSource.open(server.port(), "/live", "User-Agent: butt-0.1.40")) {
                source.send(audio);
                await().atMost(Duration.ofSeconds(10)).until(() -> read(events).equals(List.of("connect /live butt-0.1.40")));
                assertThat(server.context().mounts().find("/live").onAir()).isEqualTo(OnAir.LIVE);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> read(events).equals(List.of("connect /live butt-0.1.40", "disconnect /live")));
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

    private static MountConfig mount(String path, Path playlist, SourceActions actions) {
        return new MountConfig(path, null, playlist, false, null, null, null, null, null, ListenerRules.NONE, false, actions);
    }

    private Path script(String name, String body) throws IOException {
        Path script = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
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
