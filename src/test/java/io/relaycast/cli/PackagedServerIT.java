package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.testing.Capture;
import io.relaycast.testing.FreePorts;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar users run: its command line, and a clean exit 0 on SIGTERM with a source and a listener connected. */
class PackagedServerIT {

    @TempDir
    Path dir;

    private static String jar() {
        String jar = System.getProperty("relaycast.jar", "target/relaycast.jar");
        assertThat(Files.isRegularFile(Path.of(jar))).as("packaged jar " + jar).isTrue();
        return jar;
    }

    @Test
    void helpVersionAndABadOption() {
        Programs.Result help = Programs.run(Duration.ofSeconds(30), "java", "-jar", jar(), "--help").assertSuccess();
        assertThat(help.stdoutText()).contains("--source-password", "RELAYCAST_SOURCE_PASSWORD");
        assertThat(Programs.run(Duration.ofSeconds(30), "java", "-jar", jar(), "--version").assertSuccess().stdoutText())
                .startsWith("relaycast 0.");
        Programs.Result bad = Programs.run(Duration.ofSeconds(30), "java", "-jar", jar(), "--no-such-option");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderrText()).contains("Unknown option");
    }

    @Test
    void sigtermClosesEveryoneAndExitsZero() throws Exception {
        int port = FreePorts.pick();
        List<byte[]> frames = TestAudio.toneFrames(dir, 3);
        try (Programs.Running server = Programs.start(dir, List.of("java", "-Xmx128m", "-jar", jar(), "--port",
                String.valueOf(port), "--bind", "127.0.0.1", "--source-password", "it-secret"))) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    return true;
                }
            });
            assertThat(Files.readString(server.stderr())).contains("default 'hackme'").as("admin password warning");
            RawClient source = RawClient.connect(port);
            source.send("SOURCE /live HTTP/1.0\r\nAuthorization: " + RawSource.basic("source", "it-secret")
                    + "\r\nContent-Type: audio/mpeg\r\n\r\n");
            assertThat(source.readHead().status()).isEqualTo(200);
            source.send(TestAudio.concat(frames));
            RawClient listener = RawClient.connect(port);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (RawClient probe = RawClient.connect(port)) {
                    probe.send("HEAD /live HTTP/1.0\r\n\r\n");
                    return probe.readHead().status() == 200;
                }
            });
            listener.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > 10_000);
                server.process().destroy();
                assertThat(server.process().waitFor(15, TimeUnit.SECONDS)).as("exits within 15 s").isTrue();
                assertThat(server.process().exitValue()).isZero();
                await().atMost(Duration.ofSeconds(5)).until(capture::ended);
                assertThat(source.closedByServer(5000)).isTrue();
            }
            source.close();
            assertThat(Files.readString(server.stderr())).contains("relaycast stopped");
        }
    }
}
