package io.relaycast.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Grafana dashboards shipped in {@code grafana/dashboards}, read as JSON for the tests that check them. */
final class ShippedDashboards {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path DIRECTORY = PROJECT.resolve("grafana/dashboards");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ShippedDashboards() {
    }

    /** One query of a panel, with the Grafana variables as written. */
    record Query(String dashboard, String panel, String expr) {

        /** The query as Grafana would send it for mount {@code mount}, with {@code rateInterval} for $__rate_interval. */
        String concrete(String mount, String rateInterval) {
            return expr.replace("$__rate_interval", rateInterval)
                    .replace("$__interval", rateInterval)
                    .replace("$__range", rateInterval)
                    .replace("$mount", mount);
        }
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every panel of a dashboard, including panels nested in collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    queries.add(new Query(dashboard.path("uid").asText(), panel.path("title").asText(), expr));
                }
            }
        }
        return queries;
    }
}
