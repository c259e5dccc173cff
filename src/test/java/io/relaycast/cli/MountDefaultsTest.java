package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mount-defaults:} (Icecast's {@code <mount type="default">}), from a real config file as {@code relaycast
 * --config} reads it: a mount nobody configured gets the settings of the first pattern matching it when a source makes
 * it, a mount in the file takes what it leaves out from there, and a fallback mount given that way goes with the mount.
 */
class MountDefaultsTest {

    private static final String SERVER = """
            bind: 127.0.0.1
            port: 0
            source-password: server-pw
            admin-password: adm-pw
            """;

    @TempDir
    Path dir;


    @Test
    void aMountASourceMakesGetsTheSettingsOfTheFirstPatternMatchingItsPath() throws Exception {
        Path events = dir.resolve("events.txt");
        Path onConnect = Files.writeString(dir.resolve("on-connect.sh"), "#!/bin/sh\necho \"connect $1\" >> " + events + "\n");
        Files.setPosixFilePermissions(onConnect, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RelaycastServer server = start(SERVER + """
                mount-defaults:
                  "/dj-*":
                    password: dj-pw
                    stream-name: Guest DJ
                    max-listeners: 1
                    on-connect: %s
                  "/**":
                    genre: Various
                mounts:
                  /dj-resident:
                    stream-name: Resident DJ
                """.formatted(onConnect))) {
            assertThat(RawSource.loginStatus(server.port(), "/dj-anna", "server-pw"))
                    .as("the pattern's password, not the server's").isEqualTo(401);
            String url = "icecast://source:dj-pw@127.0.0.1:" + server.port() + "/dj-anna";
            try (Programs.Running dj = Ffmpeg.liveSource(dir, url, 30, 440)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> onAir(server, "/dj-anna"));
                await().atMost(Duration.ofSeconds(10)).until(() -> read(events).equals(List.of("connect /dj-anna")));
                try (RawClient first = RawClient.connect(server.port())) {
                    first.send("GET /dj-anna HTTP/1.0\r\n\r\n");
                    RawClient.Head head = first.readHead();
                    assertThat(head.status()).isEqualTo(200);
                    assertThat(head.header("icy-name")).isEqualTo("Guest DJ");
                    assertThat(head.header("icy-genre")).as("only the first pattern that matches applies").isNull();
                    assertThat(RawClient.listenStatus(server.port(), "/dj-anna")).as("max-listeners 1").isEqualTo(503);
                }
                assertThat(WebClient.get(url(server, "/status-json.xsl")).body()).contains("\"server_name\":\"Guest DJ\"");
            }

            try (RawClient other = RawSource.onAir(server.port(), "/other", "server-pw")) {
                other.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                await().until(() -> onAir(server, "/other"));
                try (RawClient listener = RawClient.connect(server.port())) {
                    listener.send("GET /other HTTP/1.0\r\n\r\n");
                    RawClient.Head head = listener.readHead();
                    assertThat(head.header("icy-genre")).isEqualTo("Various");
                    assertThat(head.header("icy-name")).isNull();
                }
            }

            assertThat(RawSource.loginStatus(server.port(), "/dj-resident", "server-pw"))
                    .as("a mount in the file takes the password it leaves out").isEqualTo(401);
            try (RawClient resident = RawSource.onAir(server.port(), "/dj-resident", "dj-pw")) {
                resident.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                await().until(() -> onAir(server, "/dj-resident"));
                try (RawClient listener = RawClient.connect(server.port())) {
                    listener.send("GET /dj-resident HTTP/1.0\r\n\r\n");
                    assertThat(listener.readHead().header("icy-name")).as("its own").isEqualTo("Resident DJ");
                    assertThat(RawClient.listenStatus(server.port(), "/dj-resident")).as("the pattern's max-listeners")
                            .isEqualTo(503);
                }
                await().until(() -> read(events).equals(List.of("connect /dj-anna", "connect /dj-resident")));
            }
        }
    }

    @Test
    void theListenersOfAMountWhoseDjLeftHearItsFallbackMountWhichIsLetGoWhenTheMountIsRemoved() throws Exception {
        try (RelaycastServer server = start(SERVER + """
                mount-defaults:
                  "/dj-*":
                    fallback-mount: /backup
                """)) {
            String backupUrl = "icecast://source:server-pw@127.0.0.1:" + server.port() + "/backup";
            try (Programs.Running backup = Ffmpeg.liveSource(dir, backupUrl, 60, 660)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> onAir(server, "/backup"));
                Mount dj;
                try (RawClient djSource = RawSource.onAir(server.port(), "/dj-anna", "server-pw");
                     Capture listener = Capture.of(RawClient.listening(server.port(), "/dj-anna"))) {
                    djSource.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                    dj = server.context().mounts().find("/dj-anna");
                    assertThat(dj.fallback().fallbackPath()).isEqualTo("/backup");
                    djSource.close();
                    await().until(() -> dj.onAir() == OnAir.FALLBACK_MOUNT);
                    long atSwitch = listener.bytes();
                    await("the backup's audio, relayed")
                            .until(() -> listener.bytes() > atSwitch + 32 * 1024);
                    assertThat(listener.ended()).isFalse();
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/dj-anna") == null);
                assertThat(dj.isClosed()).isTrue();
            }
            await("no longer kept by the removed mount's fallback")
                    .until(() -> server.context().mounts().find("/backup") == null);
        }
    }

    /** Starts the server as {@code relaycast --config FILE} does; the test closes it. */
    /**
     * A pattern's intro (Icecast's default mount with an {@code <intro>}): every listener of a mount the pattern makes
     * hears it first, whole, and the mount lets it go when it is removed.
     */
    @Test
    void everyListenerOfAMountAPatternMakesHearsThePatternsIntroFirst() throws Exception {
        byte[] intro = TestAudio.concat(TestAudio.frames(Ffmpeg.tone(dir.resolve("tone.mp3"), 3, 128, 330)).subList(20, 60));
        Files.write(dir.resolve("welcome.mp3"), intro);
        try (RelaycastServer server = start(SERVER + """
                mount-defaults:
                  "/dj-*":
                    intro: welcome.mp3
                """)) {
            Mount mount;
            try (RawClient dj = RawSource.onAir(server.port(), "/dj-anna", "server-pw")) {
                dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 2)));
                await().until(() -> onAir(server, "/dj-anna") && server.context().mounts().find("/dj-anna").intro() != null);
                mount = server.context().mounts().find("/dj-anna");
                for (int listener = 0; listener < 2; listener++) {
                    try (RawClient client = RawClient.listening(server.port(), "/dj-anna")) {
                        assertThat(client.readExactly(intro.length)).as("the intro, whole, first").isEqualTo(intro);
                    }
                }
            }
            await().until(() -> server.context().mounts().find("/dj-anna") == null);
            await().until(() -> mount.intro() == null);
            try (RawClient other = RawSource.onAir(server.port(), "/other", "server-pw")) {
                other.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                await().until(() -> onAir(server, "/other"));
                assertThat(server.context().mounts().find("/other").intro()).as("no pattern, no intro").isNull();
            }
        }
    }

    private RelaycastServer start(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("relaycast.yaml"), yaml);
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        return new RelaycastServer(((ServeCommand) line.getCommand()).withConfigFile().config(), 2).start();
    }

    private static boolean onAir(RelaycastServer server, String mount) {
        Mount found = server.context().mounts().find(mount);
        return found != null && found.onAir() == OnAir.LIVE;
    }

    private static String url(RelaycastServer server, String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static List<String> read(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
