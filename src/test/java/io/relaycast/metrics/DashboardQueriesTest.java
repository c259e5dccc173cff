package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.testing.ListeningProgram;
import io.relaycast.testing.Programs;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every shipped dashboard panel, run against a real Prometheus that scrapes a real relaycast with a live
 * ffmpeg source and listeners: each must parse and return at least one number.
 */
class DashboardQueriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The window put for Grafana's intervals: wide enough to hold the events made before the queries, however long the
     * queries before take on a loaded machine (each may wait 20 s for data).
     */
    private static final String WINDOW = "5m";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyPanelQueryReturnsDataFromPrometheusScrapingALiveStation() throws IOException {
        List<ShippedDashboards.Query> queries = ShippedDashboards.queries();
        assertThat(queries).hasSizeGreaterThan(20);
        try (LiveStation station = LiveStation.start(dir)) {
            station.addListener();
            station.refuseRequests();
            try (ListeningProgram prometheus = startPrometheus(station.server().port())) {
                int port = prometheus.port();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> !query(port, "up{job=\"relaycast\"} == 1").isEmpty());
                // Events inside Prometheus' window, so that rates and quantiles have something to show.
                station.addListener();
                station.updateMetadata("Artist - Title");
                System.gc();
                List<String> failed = new ArrayList<>();
                for (ShippedDashboards.Query query : queries) {
                    String expr = query.concrete(LiveStation.MOUNT, WINDOW);
                    try {
                        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                                .until(() -> hasNumber(query(port, expr)));
                    } catch (ConditionTimeoutException noData) {
                        failed.add(query.dashboard() + " / " + query.panel() + ": " + expr + " -> " + rawQuery(port, expr));
                    }
                }
                assertThat(failed).as("panel queries without data").isEmpty();
            }
        }
    }

    private ListeningProgram startPrometheus(int relaycastPort) throws IOException {
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: relaycast
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(relaycastPort));
        Path tsdb = Files.createDirectories(dir.resolve("tsdb"));
        return ListeningProgram.start(1, ports -> Programs.start(dir, List.of("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + tsdb, "--web.listen-address=127.0.0.1:" + ports.get(0), "--log.level=warn")));
    }

    /** Runs an instant query; fails unless Prometheus answers success. Returns the result vector. */
    private JsonNode query(int port, String expr) throws IOException, InterruptedException {
        JsonNode answer = JSON.readTree(rawQuery(port, expr));
        assertThat(answer.path("status").asText()).as("status of %s: %s", expr, answer).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private String rawQuery(int port, String expr) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + encode(expr));
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "no answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String encode(String expr) {
        return URLEncoder.encode(expr, StandardCharsets.UTF_8);
    }

    /** True when the vector holds at least one sample that is a number (not NaN). */
    private static boolean hasNumber(JsonNode vector) {
        for (JsonNode sample : vector) {
            String value = sample.path("value").get(1).asText();
            if (!value.equals("NaN")) {
                return true;
            }
        }
        return false;
    }
}
