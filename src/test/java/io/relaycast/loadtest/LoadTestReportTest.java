package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadTestReportTest {

    private final LoadTestReport report = new LoadTestReport("http://127.0.0.1:8000/stream", 12000, 40.0, 1000, 128, 11000,
            890, 110, 300, 900, 44_000, 5, new LoadTestReport.Latency(11110, 3.5, 28000.25, 30000),
            LoadTestReport.Alignment.of(11110, 0), 40, 123456789L, 1500.5, Map.of("no audio before the end", 890), 9.5, 4,
            412.5, 3, List.of(new LoadSecond(1, 1000, 5400, 7_000_000, 2.5, 310.0)));

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report));

        assertThat(json.fieldNames()).toIterable().containsExactly("url", "listeners", "durationSeconds", "rampPerSecond",
                "bitrateKbps", "served", "failed", "droppedEarly", "underrunListeners", "underrunWindows", "judgedWindows",
                "windowSeconds",
                "ttfbMillis", "frameAligned", "icyListeners", "totalBytes", "throughputMbps", "failures", "loadCpuSeconds",
                "loadLoops", "loadMaxLoopLagMillis", "loadSecondsBehind", "timeline");
        assertThat(json.get("served").asInt()).isEqualTo(11000);
        assertThat(json.get("ttfbMillis").get("p99").asDouble()).isEqualTo(28000.25);
        assertThat(json.get("frameAligned").get("share").asDouble()).isZero();
        assertThat(json.get("failures").get("no audio before the end").asInt()).isEqualTo(890);
        assertThat(json.get("timeline").get(0).fieldNames()).toIterable().containsExactly("second", "open", "reads",
                "bytes", "maxLagMillis", "cpuMillis");
        assertThat(json.get("timeline").get(0).get("reads").asLong()).isEqualTo(5400);
        assertThat(List.of(json.get("ttfbMillis").fieldNames().next(), json.get("frameAligned").fieldNames().next()))
                .containsExactly("count", "checked");
    }

    @Test
    void tableShowsEveryCountAndTheFailureReasons() {
        StringWriter text = new StringWriter();
        report.printTable(new PrintWriter(text));

        assertThat(text.toString())
                .contains("served                   11000 / 12000")
                .contains("dropped early            110")
                .contains("with an underrun         300 (900 windows of 5 s under 90% of 128 kbit/s)")
                .contains("windows judged           44000")
                .doesNotContain("no underrun says nothing")
                .contains("TTFB p50 / p99 / max     3.5 / 28000.3 / 30000.0 ms")
                .contains("frame-aligned starts     0 / 11110 (0.0%)")
                .contains("with ICY metadata        40")
                .contains("failed: no audio before the end 890")
                .contains("load generator CPU       9.5 s (4 event loops)")
                .contains("load generator behind    at most 412.5 ms, 3 s more than 100 ms")
                .contains("the load generator fell behind");
    }

    @Test
    void aRunThatJudgedNoWindowSaysItsUnderrunCountMeansNothing() {
        LoadTestReport none = new LoadTestReport("http://127.0.0.1:8000/stream", 200, 10.0, 1000, 128, 200, 0, 0, 0, 0, 0, 5,
                new LoadTestReport.Latency(200, 1, 2, 3), LoadTestReport.Alignment.of(200, 200), 0, 13_107_200L, 10.5,
                Map.of(), 1.5, 1, 2.5, 0, List.of());
        StringWriter text = new StringWriter();

        none.printTable(new PrintWriter(text));

        assertThat(text.toString()).contains("windows judged           0").contains("no underrun says nothing");
    }

    @Test
    void alignmentShareAndLatencyMillisAreComputed() {
        assertThat(LoadTestReport.Alignment.of(200, 150).share()).isEqualTo(0.75);
        assertThat(LoadTestReport.Alignment.of(0, 0).share()).isZero();
        LoadTestReport.Latency latency = LoadTestReport.Latency.ofNanos(Percentiles.of(new long[] {1_234_567, 250_000_000}));
        assertThat(latency.p50()).isEqualTo(1.23);
        assertThat(latency.p99()).isEqualTo(250.0);
        assertThat(latency.count()).isEqualTo(2);
    }
}
