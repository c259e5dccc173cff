package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's intro follows its file and its setting as Icecast's does, which opens the intro file again when a source
 * connects and when the config is reloaded: the server runs from a real config file, listeners and the DJ are real
 * connections, and what a new listener hears first is compared byte for byte with the intro it should be.
 */
class IntroReloadTest {

    private static final String CONFIG = """
            bind: 127.0.0.1
            port: 0
            source-password: server-pw
            admin-password: adm-pw
            mounts:
              /live:
                playlist: music
            """;

    @TempDir
    Path dir;

    private Path file;
    private RelaycastServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aJingleReplacedOnDiskIsHeardFromTheNextDjOnAndAReloadChangesOrRemovesIt() throws Exception {
        Ffmpeg.tone(Files.createDirectories(dir.resolve("music")).resolve("tone.mp3"), 30, 128, 440);
        byte[] first = jingle("first.mp3", 1.0, 330);
        byte[] second = jingle("second.mp3", 1.5, 550);
        byte[] other = jingle("other.mp3", 0.5, 660);
        Path intro = Files.write(dir.resolve("intro.mp3"), first);
        start(CONFIG + "    intro: intro.mp3\n");
        assertThat(heardFirst(first.length)).as("the intro at startup").isEqualTo(first);

        Files.write(intro, second);
        assertThat(heardFirst(first.length)).as("read again only when a source connects or a reload comes, as in Icecast")
                .isEqualTo(first);
        try (RawClient dj = RawSource.onAir(server.port(), "/live", "server-pw")) {
            dj.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.equals(heardFirst(second.length), second));
        }

        write(CONFIG + "    intro: other.mp3\n");
        assertThat(server.reloadConfig().message()).as("nothing to restart for").isEqualTo("Config reloaded");
        await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.equals(heardFirst(other.length), other));

        write(CONFIG);
        assertThat(server.reloadConfig().reloaded()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !startsWith(heardFirst(other.length), other));
        byte[] stream = heardFirst(8192);
        assertThat(FrameChain.startsOnFrame(stream)).isTrue();
        for (byte[] jingle : List.of(first, second, other)) {
            assertThat(startsWith(stream, Arrays.copyOf(jingle, 418))).as("no intro any more").isFalse();
        }
    }

    /**
     * Reloads swap the intro back and forth while listeners keep coming on two event loops: each hears one intro whole,
     * the one before or the one after, never a mix or a buffer already given back (and the intros let go are released:
     * the leak detector checks every test class).
     */
    @Test
    void listenersComingWhileReloadsSwapTheIntroEachHearOneIntroWhole() throws Exception {
        Ffmpeg.tone(Files.createDirectories(dir.resolve("music")).resolve("tone.mp3"), 30, 128, 440);
        byte[] ping = jingle("ping.mp3", 1.0, 330);
        byte[] pong = jingle("pong.mp3", 1.0, 550);
        assertThat(ping).isNotEqualTo(pong);
        start(CONFIG + "    intro: ping.mp3\n");
        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicInteger heard = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        ExecutorService listeners = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(listeners.submit(() -> {
                while (swapping.get()) {
                    byte[] start = heardFirst(ping.length);
                    if (!Arrays.equals(start, ping) && !Arrays.equals(start, pong)) {
                        wrong.add("listener " + heard.get() + " heard neither intro whole");
                    }
                    heard.incrementAndGet();
                }
                return null;
            }));
        }
        try {
            for (int swap = 0; swap < 40; swap++) {
                String next = swap % 2 == 0 ? "pong.mp3" : "ping.mp3";
                write(CONFIG + "    intro: " + next + "\n");
                assertThat(server.reloadConfig().reloaded()).isTrue();
                byte[] expected = swap % 2 == 0 ? pong : ping;
                await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.equals(heardFirst(expected.length), expected));
            }
        } finally {
            swapping.set(false);
            for (Future<?> listener : running) {
                listener.get(30, TimeUnit.SECONDS);
            }
            listeners.shutdown();
        }
        assertThat(wrong).isEmpty();
        assertThat(heard.get()).as("listeners came during the swaps").isGreaterThan(80);
    }

    /** A jingle of {@code seconds} at {@code frequency}, written as {@code name}; its frames as a listener gets them. */
    private byte[] jingle(String name, double seconds, int frequency) {
        return TestAudio.concat(TestAudio.frames(Ffmpeg.tone(dir.resolve(name), seconds, 128, frequency)));
    }

    /** The first {@code bytes} bytes a new listener of /live hears. */
    private byte[] heardFirst(int bytes) {
        try (RawClient listener = RawClient.listening(server.port(), "/live")) {
            return listener.readExactly(bytes);
        }
    }

    private static boolean startsWith(byte[] heard, byte[] prefix) {
        return heard.length >= prefix.length && Arrays.equals(Arrays.copyOf(heard, prefix.length), prefix);
    }

    /** Starts the server as {@code relaycast --config FILE} does, reloading from that file. */
    private void start(String yaml) throws Exception {
        file = dir.resolve("relaycast.yaml");
        write(yaml);
        server = FileConfiguredServer.start(file);
    }

    private void write(String yaml) throws IOException {
        Files.writeString(file, yaml);
    }
}
