package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} of a real server with a live ffmpeg source and listeners. */
class MetricsEndpointTest {

    @TempDir
    Path logs;

    @Test
    void scrapeShowsTheLiveMountItsListenersAndRefusedRequests() {
        try (LiveStation station = LiveStation.start(logs)) {
            station.addListener();
            station.refuseRequests();
            station.updateMetadata("Artist - Title");
            // The join burst is not relay latency; the listener's first write at the live edge is.
            await().atMost(Duration.ofSeconds(5)).until(() -> station.mount().stats().relayLatency().count() > 0);

            String scrape = station.scrape();

            assertThat(value(scrape, "relaycast_listeners{mount=\"/live\"}")).isEqualTo(1);
            assertThat(value(scrape, "relaycast_listener_connects_total{mount=\"/live\"}")).isEqualTo(1);
            assertThat(value(scrape, "relaycast_listener_sent_bytes_total{mount=\"/live\"}")).isPositive();
            assertThat(value(scrape, "relaycast_listener_first_byte_seconds_count{mount=\"/live\"}")).isEqualTo(1);
            assertThat(value(scrape, "relaycast_relay_latency_seconds_count{mount=\"/live\"}")).isPositive();
            assertThat(value(scrape, "relaycast_relay_latency_seconds_bucket{mount=\"/live\",le=\"+Inf\"}")).isPositive();
            // Buckets 25 ms apart around the write interval and the 250 ms target, so a p99 can come from them alone.
            assertThat(value(scrape, "relaycast_relay_latency_seconds_bucket{mount=\"/live\",le=\"0.225\"}"))
                    .isGreaterThanOrEqualTo(value(scrape, "relaycast_relay_latency_seconds_bucket{mount=\"/live\",le=\"0.2\"}"))
                    .isLessThanOrEqualTo(value(scrape, "relaycast_relay_latency_seconds_bucket{mount=\"/live\",le=\"0.25\"}"));
            assertThat(value(scrape, "relaycast_source_connected{mount=\"/live\"}")).isEqualTo(1);
            assertThat(value(scrape, "relaycast_source_connects_total{mount=\"/live\"}")).isEqualTo(1);
            assertThat(value(scrape, "relaycast_source_received_frames_total{mount=\"/live\"}")).isPositive();
            assertThat(value(scrape, "relaycast_source_received_bytes_total{mount=\"/live\"}")).isPositive();
            assertThat(value(scrape, "relaycast_mount_on_air{mount=\"/live\",state=\"live\"}")).isEqualTo(1);
            assertThat(value(scrape, "relaycast_mount_on_air{mount=\"/live\",state=\"off\"}")).isZero();
            assertThat(value(scrape, "relaycast_mount_stream_rate_bytes_per_second{mount=\"/live\"}")).isEqualTo(16000);
            assertThat(value(scrape, "relaycast_mount_stream_sample_rate_hertz{mount=\"/live\"}")).isEqualTo(44100);
            assertThat(value(scrape, "relaycast_mount_metadata_updates_total{mount=\"/live\"}")).isEqualTo(1);
            assertThat(value(scrape, "relaycast_requests_rejected_total{status=\"401\"}")).isEqualTo(1);
            assertThat(value(scrape, "relaycast_requests_rejected_total{status=\"404\"}")).isEqualTo(1);
            for (String log : new String[] {"access", "error", "playlist"}) {
                assertThat(value(scrape, "relaycast_log_lines_left_out_total{log=\"" + log + "\"}")).as(log).isZero();
            }
            assertThat(scrape).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ", "process_cpu_usage ",
                    "process_uptime_seconds ", "process_files_open_files ", "netty_allocator_memory_used_bytes{",
                    "netty_eventexecutor_tasks_pending{");
            assertThat(scrape).doesNotContain("127.0.0.1", "metrics-test");
        }
    }

    @Test
    void aConfiguredLiveOnlyMountWithNobodyListeningIsSilenceNotOff() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.of("/dj"))))) {
            String silence = "relaycast_mount_on_air{mount=\"/dj\",state=\"silence\"}";
            await("the configured mount's fallback started").atMost(Duration.ofSeconds(5))
                    .until(() -> value(scrape(server), silence) == 1);

            String scrape = scrape(server);
            assertThat(value(scrape, "relaycast_mount_on_air{mount=\"/dj\",state=\"off\"}")).isZero();
            assertThat(value(scrape, "relaycast_listeners{mount=\"/dj\"}")).isZero();
        }
    }

    @Test
    void fanOutTimeAndTurnWritesAreCountedOnceASecond() {
        try (LiveStation station = LiveStation.start(logs)) {
            station.addListener();
            String writes = "relaycast_mount_turn_writes_total{mount=\"/live\"}";
            // A listener writes about five times a second at its turns; the feed adds them up when a second is judged.
            await().atMost(Duration.ofSeconds(10)).until(() -> value(station.scrape(), writes) >= 5);

            String scrape = station.scrape();
            double fanOut = value(scrape, "relaycast_mount_fanout_seconds_total{mount=\"/live\"}");
            assertThat(fanOut).isPositive().isLessThan(value(scrape, "process_uptime_seconds"));
            assertThat(value(scrape, "relaycast_mount_late_writes_total{mount=\"/live\"}"))
                    .isBetween(0.0, value(scrape, writes));
        }
    }

    @Test
    void listenerAndSourceEndsAreCountedByReason() {
        try (LiveStation station = LiveStation.start(logs)) {
            station.addListener().close();
            String clientClosed = "relaycast_listener_disconnects_total{mount=\"/live\",reason=\"client_closed\"}";
            await().atMost(Duration.ofSeconds(10)).until(() -> value(station.scrape(), clientClosed) == 1);
            Capture stays = station.addListener();

            station.stopSource();

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    value(station.scrape(), "relaycast_source_disconnects_total{mount=\"/live\"}") == 1);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    value(station.scrape(), "relaycast_mount_on_air{mount=\"/live\",state=\"silence\"}") == 1);
            String scrape = station.scrape();
            assertThat(value(scrape, "relaycast_listeners{mount=\"/live\"}")).isEqualTo(1);
            assertThat(value(scrape, "relaycast_listener_listening_seconds_total{mount=\"/live\"}")).isPositive();
            assertThat(value(scrape, "relaycast_source_connected{mount=\"/live\"}")).isZero();
            assertThat(value(scrape, "relaycast_mount_switches_total{mount=\"/live\"}")).isEqualTo(2);

            // The last listener leaves a mount no source holds: the mount is removed, and its series with it.
            stays.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !station.scrape().contains("mount=\"/live\""));
        }
    }

    @Test
    void scrapePassesPromtool() throws IOException, InterruptedException {
        try (LiveStation station = LiveStation.start(logs)) {
            station.addListener();
            station.refuseRequests();
            String scrape = station.scrape();

            try (Programs.Running promtool = Programs.start(logs, List.of("promtool", "check", "metrics"))) {
                try (OutputStream stdin = promtool.process().getOutputStream()) {
                    stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
                }
                assertThat(promtool.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                String problems = Files.readString(promtool.stdout()) + Files.readString(promtool.stderr());
                assertThat(problems).isEmpty();
                assertThat(promtool.process().exitValue()).isZero();
            }
        }
    }

    @Test
    void scraperAskingForOpenMetricsGetsIt() {
        try (LiveStation station = LiveStation.start(logs); RawClient client = RawClient.connect(station.server().port())) {
            client.send("GET /metrics HTTP/1.0\r\nAccept: application/openmetrics-text;version=1.0.0,text/plain;q=0.5\r\n\r\n");
            RawClient.Head head = client.readHead();
            String body = new String(client.readToEnd(), StandardCharsets.UTF_8);

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-type")).startsWith("application/openmetrics-text");
            assertThat(body).contains("relaycast_source_connected{mount=\"/live\"} 1").endsWith("# EOF\n");
        }
    }

    @Test
    void everyRelaycastMetricIsDocumented() throws IOException {
        String docs = Files.readString(ShippedDashboards.PROJECT.resolve("docs/metrics.md"));
        try (LiveStation station = LiveStation.start(logs)) {
            Matcher families = Pattern.compile("^# TYPE (relaycast_\\S+) ", Pattern.MULTILINE).matcher(station.scrape());
            List<String> undocumented = new ArrayList<>();
            int count = 0;
            while (families.find()) {
                String family = families.group(1);
                if (family.endsWith("_seconds_max")) {
                    // The largest recent value micrometer adds to each timer: documented with its histogram.
                    continue;
                }
                count++;
                if (!docs.contains("`" + family + "`") && !docs.contains("`" + family + "_total`")) {
                    undocumented.add(family);
                }
            }
            assertThat(count).isEqualTo(RelaycastMeter.values().length);
            assertThat(undocumented).isEmpty();
        }
    }

    private static String scrape(TestServer server) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/metrics"))).timeout(Duration.ofSeconds(10)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of one sample line, e.g. {@code relaycast_listeners{mount="/live"}}; fails when it is missing. */
    static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(matcher.find()).as("series %s in the scrape", series).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
