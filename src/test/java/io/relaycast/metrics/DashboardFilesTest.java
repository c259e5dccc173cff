package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The shipped Grafana dashboards and provisioning are well formed and refer to each other correctly. */
class DashboardFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theStationAndHealthDashboardsAreShipped() {
        assertThat(ShippedDashboards.files()).extracting(file -> file.getFileName().toString())
                .contains("station-overview.json", "server-health.json");
    }

    @Test
    void dashboardUidsAreUniqueAndPresent() {
        Set<String> uids = new HashSet<>();
        for (Path file : ShippedDashboards.files()) {
            JsonNode dashboard = ShippedDashboards.read(file);
            String uid = dashboard.path("uid").asText();
            assertThat(uid).as("uid of %s", file).isNotBlank().hasSizeLessThanOrEqualTo(40);
            assertThat(uids.add(uid)).as("uid %s of %s is unique", uid, file).isTrue();
            assertThat(dashboard.path("title").asText()).as("title of %s", file).isNotBlank();
        }
    }

    @Test
    void everyPanelHasTheProvisionedDatasourceAndQueries() throws IOException {
        String datasourceUid = provisionedDatasource().path("uid").asText();
        for (Path file : ShippedDashboards.files()) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : ShippedDashboards.panels(ShippedDashboards.read(file))) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                String name = file.getFileName() + ": " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt())).as("panel id unique in %s", name).isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as("width of %s", name).isPositive();
                assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", name).isEqualTo(datasourceUid);
                assertThat(panel.path("targets").size()).as("targets of %s", name).isPositive();
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as("expr in %s", name).isNotBlank();
                    assertThat(refIds.add(target.path("refId").asText())).as("refId unique in %s", name).isTrue();
                    assertThat(target.path("datasource").path("uid").asText()).as("target datasource in %s", name)
                            .isEqualTo(datasourceUid);
                }
            }
        }
    }

    /**
     * A stat shows what is true now. Reduced from a range query, it would show the window's last point: the listener
     * count and "live" from before the server went down, for as long as the window reaches back.
     */
    @Test
    void statPanelsAskForTheValueNowSoAStoppedServerLeavesNoStaleNumbers() {
        List<String> fromTheWindow = new ArrayList<>();
        for (Path file : ShippedDashboards.files()) {
            for (JsonNode panel : statPanels(file)) {
                for (JsonNode target : panel.path("targets")) {
                    if (!target.path("instant").asBoolean() || target.path("range").asBoolean()) {
                        fromTheWindow.add(file.getFileName() + ": " + panel.path("title").asText());
                    }
                }
            }
        }
        assertThat(fromTheWindow).isEmpty();
    }

    /** Whether relaycast answers its scrapes, on each dashboard, so that "no data" elsewhere has its reason in sight. */
    @Test
    void everyDashboardSaysWhetherTheServerIsUp() {
        List<String> without = new ArrayList<>();
        for (Path file : ShippedDashboards.files()) {
            boolean shown = statPanels(file).stream()
                    .flatMap(panel -> StreamSupport.stream(panel.path("targets").spliterator(), false))
                    .anyMatch(target -> target.path("expr").asText().equals("up{job=\"relaycast\"}"));
            if (!shown) {
                without.add(file.getFileName().toString());
            }
        }
        assertThat(without).isEmpty();
    }

    private static List<JsonNode> statPanels(Path file) {
        return ShippedDashboards.panels(ShippedDashboards.read(file)).stream()
                .filter(panel -> panel.path("type").asText().equals("stat")).toList();
    }

    @Test
    void noPanelPlotsBytesAndSecondsOnOneAxis() {
        for (Path file : ShippedDashboards.files()) {
            for (JsonNode panel : ShippedDashboards.panels(ShippedDashboards.read(file))) {
                Set<String> units = new HashSet<>();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    if (expr.contains("_bytes")) {
                        units.add("bytes");
                    }
                    if (expr.contains("_seconds")) {
                        units.add("seconds");
                    }
                }
                assertThat(units).as("units of %s: %s", file.getFileName(), panel.path("title").asText()).hasSizeLessThan(2);
            }
        }
    }

    @Test
    void panelsDoNotOverlap() {
        for (Path file : ShippedDashboards.files()) {
            List<JsonNode> placed = new ArrayList<>();
            for (JsonNode panel : ShippedDashboards.panels(ShippedDashboards.read(file))) {
                JsonNode at = panel.path("gridPos");
                for (JsonNode other : placed) {
                    assertThat(overlap(at, other.path("gridPos"))).as("%s: %s overlaps %s", file.getFileName(),
                            panel.path("title").asText(), other.path("title").asText()).isFalse();
                }
                assertThat(at.path("x").asInt() + at.path("w").asInt()).as("right edge of %s", panel.path("title").asText())
                        .isLessThanOrEqualTo(24);
                placed.add(panel);
            }
        }
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }

    @Test
    void theDashboardProviderLoadsTheDirectoryComposeMounts() throws IOException {
        JsonNode provider = YAML.readTree(ShippedDashboards.PROJECT.resolve("grafana/provisioning/dashboards/relaycast.yml")
                .toFile()).path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        String path = provider.path("options").path("path").asText();

        JsonNode grafana = YAML.readTree(ShippedDashboards.PROJECT.resolve("docker-compose.yml").toFile())
                .path("services").path("grafana");
        assertThat(grafana.path("volumes").toString()).contains("./grafana/dashboards:" + path + ":ro");
    }

    private static JsonNode provisionedDatasource() throws IOException {
        JsonNode datasources = YAML.readTree(ShippedDashboards.PROJECT
                .resolve("grafana/provisioning/datasources/prometheus.yml").toFile()).path("datasources");
        assertThat(datasources.size()).isEqualTo(1);
        JsonNode datasource = datasources.get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        return datasource;
    }
}
