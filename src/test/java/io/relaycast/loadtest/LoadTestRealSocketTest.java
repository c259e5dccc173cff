package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.cli.Main;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The load test against a real relaycast fed by a real ffmpeg source, through the {@code relaycast loadtest} command. */
class LoadTestRealSocketTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "busy poll: {0}, event loops: {1}")
    @CsvSource({"false, 1", "true, 1", "false, 3"})
    void fiftyListenersAreAllServedFromAFrameHeaderWithoutUnderrun(boolean busyPoll, int loops) throws Exception {
        try (TestServer server = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, server.icecastUrl("/stream"), 30, 440)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Mount mount = server.context().mounts().find("/stream");
                return mount != null && mount.onAir() == OnAir.LIVE && mount.stats().framesReceived() > 40;
            });
            Path json = dir.resolve("report.json");
            StringWriter out = new StringWriter();
            CommandLine command = Main.commandLine();
            command.setOut(new PrintWriter(out));

            List<String> args = new ArrayList<>(List.of("loadtest", server.url("/stream"), "--listeners", "50",
                    "--ramp", "100", "--duration", "5", "--window", "2", "--loops", Integer.toString(loops), "--json",
                    json.toString()));
            if (busyPoll) {
                args.add("--busy-poll");
            }

            int exit = command.execute(args.toArray(String[]::new));

            assertThat(exit).as(out.toString()).isZero();
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            assertThat(report.get("served").asInt()).as(out.toString()).isEqualTo(50);
            assertThat(report.get("failed").asInt()).isZero();
            assertThat(report.get("droppedEarly").asInt()).isZero();
            assertThat(report.get("underrunListeners").asInt()).as(out.toString()).isZero();
            assertThat(report.get("frameAligned").get("aligned").asInt()).isEqualTo(50);
            assertThat(report.get("ttfbMillis").get("count").asInt()).isEqualTo(50);
            // Each listener was connected for more than 4 s and got at least 90% of 128 kbit/s over them.
            assertThat(report.get("totalBytes").asLong()).isGreaterThan(50L * 4 * 14_400);
            assertThat(out.toString()).contains("served                   50 / 50");
            // The run second by second: all 50 open from the first second on (100/s), every second at least half the bitrate.
            JsonNode timeline = report.get("timeline");
            assertThat(timeline.size()).isBetween(4, 5);
            for (JsonNode second : timeline) {
                assertThat(second.get("open").asInt()).isEqualTo(50);
                assertThat(second.get("bytes").asLong()).as(second.toString()).isGreaterThan(50L * 8_000);
            }
            assertThat(report.get("loadMaxLoopLagMillis").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(report.get("loadLoops").asInt()).isEqualTo(loops);
        }
    }

    @Test
    void aStreamThatStopsAfterTheBurstIsReportedAsUnderrunsInJudgedWindows() throws Exception {
        try (BurstThenSilence server = new BurstThenSilence()) {
            // 5 s: the shortest run allowed is 2.2 s, but a cold load generator on a busy machine opens its listeners late.
            JsonNode report = jsonReport(server.url("/stream"), "--listeners", "20", "--ramp", "100", "--duration", "5",
                    "--window", "1", "--warm-up", "0");

            assertThat(report.get("served").asInt()).isEqualTo(20);
            assertThat(report.get("judgedWindows").asLong()).isGreaterThanOrEqualTo(20);
            assertThat(report.get("underrunListeners").asInt()).isEqualTo(20);
        }
    }

    @Test
    void afterTheMeasuredRunEveryConnectionIsHeldOpenForTheHold() throws Exception {
        try (TestServer server = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, server.icecastUrl("/stream"), 30, 440)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Mount mount = server.context().mounts().find("/stream");
                return mount != null && mount.onAir() == OnAir.LIVE;
            });
            long[] connectedWhenMeasured = {-1};
            long[] measuredNanos = {0};
            LoadTestReport report = new LoadTest(new LoadTestSettings(java.net.URI.create(server.url("/stream")), 5,
                    Duration.ofSeconds(3), 100, 128, List.of(), Duration.ofSeconds(2), 1, false, Duration.ofSeconds(2), 0, 1))
                    .run(measured -> {
                        connectedWhenMeasured[0] = server.context().listeners().count();
                        measuredNanos[0] = System.nanoTime();
                    });
            long heldNanos = System.nanoTime() - measuredNanos[0];

            assertThat(report.served()).isEqualTo(5);
            assertThat(report.durationSeconds()).as("the report covers the measured run only").isLessThan(4.0);
            assertThat(connectedWhenMeasured[0]).as("nobody is closed when the measured run ends").isEqualTo(5);
            assertThat(heldNanos).as("then held for 2 s").isGreaterThanOrEqualTo(1_900_000_000L);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.context().listeners().count() == 0);
        }
    }

    @Test
    void listenersOfAMissingMountFailWithTheStatus() throws Exception {
        try (TestServer server = TestServer.start()) {
            LoadTestReport report = new LoadTest(new LoadTestSettings(java.net.URI.create(server.url("/nothing")), 5,
                    Duration.ofSeconds(3), 100, 128, List.of(), Duration.ofSeconds(2), 1, false, Duration.ZERO, 0, 1)).run();

            assertThat(report.failed()).isEqualTo(5);
            assertThat(report.failures()).containsEntry("status 404", 5);
            assertThat(report.ttfbMillis().count()).isZero();
        }
    }

    @Test
    void aRampThatCannotFinishWithinTheRunIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setErr(new PrintWriter(err));

        int exit = command.execute("loadtest", "http://127.0.0.1:1/stream", "--listeners", "1000", "--ramp", "10",
                "--duration", "40");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("must end before the run does");
    }

    @Test
    void anEventLoopCountOutOfRangeIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setErr(new PrintWriter(err));

        int exit = command.execute("loadtest", "http://127.0.0.1:1/stream", "--loops", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("the event loops must be 1 to 64: 0");
    }

    @Test
    void theLoadGeneratorsCpuCountsTheMeasuredRunNotTheWarmUp() throws Exception {
        try (TestServer server = TestServer.start()) {
            // The wall clock stands in for the CPU clock: the CPU figure must then span the measured run exactly.
            LoadTestReport report = new LoadTest(new LoadTestSettings(java.net.URI.create(server.url("/nothing")), 5,
                    Duration.ofSeconds(3), 100, 128, List.of(), Duration.ofSeconds(2), 1, false, Duration.ZERO, 1000, 1),
                    System::nanoTime).run();

            assertThat(report.loadCpuSeconds()).isCloseTo(report.durationSeconds(), within(0.05));
        }
    }

    @ParameterizedTest(name = "--connect-timeout {0}")
    @ValueSource(strings = {"0", "-1"})
    void aConnectTimeoutUnderOneSecondIsRefused(String seconds) {
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setErr(new PrintWriter(err));

        int exit = command.execute("loadtest", "http://127.0.0.1:1/stream", "--listeners", "1", "--ramp", "10",
                "--duration", "2", "--window", "1", "--warm-up", "0", "--connect-timeout", seconds);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("the connect timeout must be at least 1 s: " + seconds + " s");
    }

    @Test
    void listenersAskingForIcyMetadataHaveTheBlocksSkippedAndStartOnAFrame() throws Exception {
        // A metadata block every 100 bytes: one inside every frame, so a block taken for audio breaks the frame check.
        try (TestServer server = TestServer.start(TestServer.config().toBuilder().metaint(100).build());
             Programs.Running source = Ffmpeg.liveSource(dir, server.icecastUrl("/stream"), 30, 440)) {
            await("the source is live").atMost(Duration.ofSeconds(15)).until(() -> {
                Mount mount = server.context().mounts().find("/stream");
                return mount != null && mount.onAir() == OnAir.LIVE && mount.stats().framesReceived() > 40;
            });
            JsonNode report = jsonReport(server.url("/stream"), "--listeners", "20", "--ramp", "100", "--duration", "6",
                    "--window", "2", "--icy-share", "50");

            assertThat(report.get("served").asInt()).isEqualTo(20);
            assertThat(report.get("icyListeners").asInt()).isEqualTo(10);
            assertThat(report.get("frameAligned").get("aligned").asInt()).isEqualTo(20);
        }
    }

    /** Runs {@code relaycast loadtest URL OPTIONS...}, which must exit 0, and reads the JSON report it wrote. */
    private JsonNode jsonReport(String url, String... options) throws IOException {
        Path json = dir.resolve("report.json");
        List<String> args = new ArrayList<>(List.of("loadtest", url, "--json", json.toString()));
        args.addAll(List.of(options));

        int exit = Main.commandLine().execute(args.toArray(String[]::new));

        assertThat(exit).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }
}
