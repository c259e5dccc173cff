package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.relaycast.testing.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack's alert rules ({@code prometheus/alerts.yml}), as Prometheus' own promtool reads and evaluates
 * them: the stack's Prometheus loads them, and they fire when relaycast stops answering or a mount goes quiet.
 */
class AlertRulesTest {

    private static final Path PROMETHEUS = ShippedDashboards.PROJECT.resolve("prometheus");

    @TempDir
    Path dir;

    @Test
    void theStacksPrometheusLoadsTheRulesTheComposeFileMounts() throws IOException {
        Programs.run(dir, Duration.ofSeconds(60), Map.of(),
                List.of("promtool", "check", "config", PROMETHEUS.resolve("prometheus.yml").toString())).assertSuccess();
        String prometheusVolumes = new ObjectMapper(new YAMLFactory())
                .readTree(ShippedDashboards.PROJECT.resolve("docker-compose.yml").toFile())
                .path("services").path("prometheus").path("volumes").toString();
        assertThat(prometheusVolumes).contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    }

    @Test
    void aConfiguredMountSendingSilenceBetweenShowsAlertsOnlyWhileSomeoneListens() throws IOException {
        // As a configured live-only mount exports them with no source: silence from startup, listeners or not.
        Path tests = Files.writeString(dir.resolve("silent-test.yml"), """
                rule_files: ["%s"]
                evaluation_interval: 15s
                tests:
                  - interval: 15s
                    input_series:
                      - series: 'relaycast_mount_on_air{job="relaycast", instance="host:9100", mount="/dj", state="silence"}'
                        values: '1x30'
                      - series: 'relaycast_listeners{job="relaycast", instance="host:9100", mount="/dj"}'
                        values: '0x12 3x17'
                      - series: 'relaycast_mount_on_air{job="relaycast", instance="host:9100", mount="/empty", state="silence"}'
                        values: '1x30'
                      - series: 'relaycast_listeners{job="relaycast", instance="host:9100", mount="/empty"}'
                        values: '0x30'
                    alert_rule_test:
                      - eval_time: 3m
                        alertname: RelaycastMountSilent
                        exp_alerts: []
                      - eval_time: 6m
                        alertname: RelaycastMountSilent
                        exp_alerts:
                          - exp_labels: {severity: warning, job: relaycast, instance: "host:9100", mount: /dj, state: silence}
                            exp_annotations:
                              summary: "/dj has sent its listeners silence for two minutes: no source, fallback or playlist"
                """.formatted(PROMETHEUS.resolve("alerts.yml")));
        Programs.run(dir, Duration.ofSeconds(60), Map.of(), List.of("promtool", "test", "rules", tests.toString()))
                .assertSuccess();
    }

    @Test
    void anAlertFiresWhenRelaycastStopsAnsweringAndWhenAMountSendsItsListenersSilenceButNotWhenItIsOff() throws IOException {
        Path tests = Files.writeString(dir.resolve("alerts-test.yml"), """
                rule_files: ["%s"]
                evaluation_interval: 15s
                tests:
                  - interval: 15s
                    input_series:
                      - series: 'up{job="relaycast", instance="relaycast:9100"}'
                        values: '1 1 0x10'
                      - series: 'relaycast_mount_on_air{mount="/live", state="silence"}'
                        values: '0 0 1x10'
                      - series: 'relaycast_listeners{mount="/live"}'
                        values: '2x12'
                      - series: 'relaycast_mount_on_air{mount="/other", state="live"}'
                        values: '1x12'
                      - series: 'relaycast_mount_on_air{mount="/between-shows", state="off"}'
                        values: '1x12'
                    alert_rule_test:
                      - eval_time: 30s
                        alertname: RelaycastDown
                        exp_alerts: []
                      - eval_time: 2m
                        alertname: RelaycastDown
                        exp_alerts:
                          - exp_labels: {severity: critical, job: relaycast, instance: "relaycast:9100"}
                            exp_annotations:
                              summary: relaycast has not answered Prometheus' scrapes for a minute
                      - eval_time: 2m45s
                        alertname: RelaycastMountSilent
                        exp_alerts:
                          - exp_labels: {severity: warning, mount: /live, state: silence}
                            exp_annotations:
                              summary: "/live has sent its listeners silence for two minutes: no source, fallback or playlist"
                """.formatted(PROMETHEUS.resolve("alerts.yml")));
        Programs.run(dir, Duration.ofSeconds(60), Map.of(), List.of("promtool", "test", "rules", tests.toString()))
                .assertSuccess();
    }
}
