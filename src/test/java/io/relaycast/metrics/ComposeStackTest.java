package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.relaycast.testing.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, read as YAML and by Debian's docker-compose: no registry is reachable here to run it, so the test
 * checks what would break {@code docker compose up}: services, ports, bind mounts that exist in the repository, and a
 * Prometheus that scrapes relaycast's /metrics.
 */
class ComposeStackTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path PROJECT = ShippedDashboards.PROJECT;

    private final JsonNode compose = read(PROJECT.resolve("docker-compose.yml"));
    private final JsonNode services = compose.path("services");

    @Test
    void relaycastIsBuiltFromTheRepositoryDockerfileAndPublishesItsPort() {
        JsonNode relaycast = services.path("relaycast");
        JsonNode build = relaycast.path("build");
        Path context = PROJECT.resolve(build.path("context").asText());
        assertThat(context.normalize()).isEqualTo(PROJECT.normalize());
        assertThat(context.resolve(build.path("dockerfile").asText("Dockerfile"))).isRegularFile();
        assertThat(texts(relaycast.path("ports"))).contains("8000:8000");
        assertThat(relaycast.path("environment").path("RELAYCAST_PORT").asText()).isEqualTo("8000");
        assertThat(relaycast.path("environment").fieldNames()).toIterable().allMatch(name -> name.startsWith("RELAYCAST_"));
    }

    /** An on-connect or on-disconnect script may leave a job running: an init reaps it once it ends, Java as PID 1 would not. */
    @Test
    void relaycastRunsUnderAnInitThatReapsWhatItsScriptsLeaveBehind() {
        assertThat(services.path("relaycast").path("init").asBoolean()).isTrue();
    }

    /** The environment beats a mounted config file: a password the user did not set must not replace the file's. */
    @Test
    void thePasswordsArePassedOnOnlyWhenTheUserSetsThem() {
        JsonNode environment = services.path("relaycast").path("environment");
        assertThat(environment.has("RELAYCAST_SOURCE_PASSWORD")).isTrue();
        assertThat(environment.path("RELAYCAST_SOURCE_PASSWORD").isNull()).isTrue();
        assertThat(environment.path("RELAYCAST_ADMIN_PASSWORD").isNull()).isTrue();
    }

    @Test
    void everyServiceHasAnImageOrBuildAndGrafanaLetsAnonymousViewersIn() {
        assertThat(services.fieldNames()).toIterable().contains("relaycast", "prometheus", "grafana", "demo-encoder");
        services.fields().forEachRemaining(service -> assertThat(service.getValue().has("image")
                || service.getValue().has("build")).as("image or build of %s", service.getKey()).isTrue());
        assertThat(services.path("grafana").path("environment").path("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("true");
    }

    /**
     * Grafana's admin login (admin/admin unless set before the first start) and Prometheus' unauthenticated API are for
     * this host only, unless GRAFANA_BIND or PROMETHEUS_BIND open them up; relaycast's own port is for everybody.
     */
    @Test
    void theMonitoringPortsArePublishedOnLoopbackUnlessOpenedUp() {
        assertThat(published("relaycast", Map.of())).containsExactly("8000:8000");
        assertThat(published("prometheus", Map.of())).containsExactly("127.0.0.1:9090:9090");
        assertThat(published("grafana", Map.of())).containsExactly("127.0.0.1:3000:3000");
        assertThat(published("grafana", Map.of("GRAFANA_BIND", "0.0.0.0"))).containsExactly("0.0.0.0:3000:3000");
        assertThat(published("prometheus", Map.of("PROMETHEUS_BIND", "0.0.0.0"))).containsExactly("0.0.0.0:9090:9090");
    }

    /** Docker keeps each container's output in json-file logs, which grow until the disk is full unless capped. */
    @Test
    void everyServicesDockerLogIsCapped() {
        List<String> uncapped = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            JsonNode logging = service.getValue().path("logging");
            if (!logging.path("driver").asText().equals("json-file") || !logging.path("options").has("max-size")
                    || !logging.path("options").has("max-file")) {
                uncapped.add(service.getKey());
            }
        });
        assertThat(uncapped).isEmpty();
    }

    /** The ports a service publishes, with {@code ${NAME:-default}} read as compose reads it in {@code environment}. */
    private List<String> published(String service, Map<String, String> environment) {
        Matcher variable = Pattern.compile("\\$\\{(\\w+):-([^}]*)}").matcher("");
        return texts(services.path(service).path("ports")).stream()
                .map(port -> variable.reset(port).replaceAll(found -> Matcher.quoteReplacement(
                        environment.getOrDefault(found.group(1), found.group(2)))))
                .toList();
    }

    @Test
    void bindMountsPointAtFilesOfTheRepositoryAndNamedVolumesAreDeclared() {
        List<String> sources = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            for (String volume : texts(service.getValue().path("volumes"))) {
                String source = volume.split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(PROJECT.resolve(source)).as("bind mount %s of %s", source, service.getKey()).exists();
                    sources.add(source);
                } else {
                    assertThat(compose.path("volumes").has(source)).as("named volume %s declared", source).isTrue();
                }
            }
        });
        assertThat(sources).contains("./prometheus/prometheus.yml", "./grafana/provisioning", "./grafana/dashboards");
        assertThat(PROJECT.resolve("grafana/provisioning/datasources/prometheus.yml")).isRegularFile();
        assertThat(PROJECT.resolve("grafana/provisioning/dashboards/relaycast.yml")).isRegularFile();
    }

    /** The management port serves /metrics without an access log line a scrape, and is not published. */
    @Test
    void prometheusScrapesRelaycastMetricsOnItsManagementPort() {
        assertThat(texts(services.path("prometheus").path("volumes")))
                .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        JsonNode job = null;
        for (JsonNode scrape : read(PROJECT.resolve("prometheus/prometheus.yml")).path("scrape_configs")) {
            if (scrape.path("job_name").asText().equals("relaycast")) {
                job = scrape;
            }
        }
        assertThat(job).as("a relaycast scrape job").isNotNull();
        assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo(MetricsEndpoint.PATH);
        String managementPort = services.path("relaycast").path("environment").path("RELAYCAST_MANAGEMENT_PORT").asText();
        assertThat(managementPort).isNotBlank().isNotEqualTo("8000");
        assertThat(texts(job.path("static_configs").get(0).path("targets"))).containsExactly("relaycast:" + managementPort);
        assertThat(published("relaycast", Map.of())).noneMatch(port -> port.contains(managementPort));
    }

    @Test
    void theDemoEncoderIsOptionalAndStreamsToRelaycast() {
        JsonNode encoder = services.path("demo-encoder");
        assertThat(texts(encoder.path("profiles"))).containsExactly("demo");
        List<String> command = texts(encoder.path("command"));
        assertThat(command).contains("libmp3lame", "mp3");
        assertThat(command.get(command.size() - 1)).startsWith("icecast://source:").endsWith("@relaycast:8000/live");
        services.fields().forEachRemaining(service -> {
            if (!service.getKey().startsWith("demo-")) {
                assertThat(service.getValue().has("profiles")).as("%s starts without a profile", service.getKey()).isFalse();
            }
        });
    }

    @Test
    void theDemoEncoderWaitsUntilTheImagesHealthCheckSaysRelaycastAnswers() throws IOException {
        assertThat(services.path("demo-encoder").path("depends_on").path("relaycast").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(Files.readString(PROJECT.resolve("Dockerfile"))).as("a health check for service_healthy to wait for")
                .contains("\nHEALTHCHECK ").contains("\"/opt/relaycast/relaycast.jar\", \"healthcheck\"]");
    }

    /**
     * Debian's own docker-compose (1.29, the one apt-get installs; .ci/run does) takes the file, with the demo profile, as
     * Docker's compose plugin does: it knows no top-level {@code name:}, for one.
     */
    @Test
    void debiansDockerComposeTakesTheFile() {
        Programs.run(Duration.ofSeconds(60), "docker-compose", "-f", PROJECT.resolve("docker-compose.yml").toString(),
                "--profile", "demo", "config", "--quiet").assertSuccess();
    }

    /** Dockerfile.build's runtime stage is the Dockerfile's, from the user to the health check: one image, two builds. */
    @Test
    void theFromSourceBuildsRuntimeStageIsTheDockerfilesOwn() throws IOException {
        String dockerfile = instructions(Files.readString(PROJECT.resolve("Dockerfile")));
        String runtime = dockerfile.substring(dockerfile.indexOf("ARG WITH_FFMPEG"), dockerfile.lastIndexOf("COPY "));
        assertThat(runtime).contains("groupadd").contains("ENTRYPOINT").contains("HEALTHCHECK");
        String afterTheJar = dockerfile.substring(dockerfile.indexOf('\n', dockerfile.lastIndexOf("COPY ")));
        String fromSource = instructions(Files.readString(PROJECT.resolve("Dockerfile.build")));
        assertThat(fromSource).contains(runtime).endsWith(afterTheJar);
        assertThat(services.path("relaycast").path("build").path("args").path("WITH_FFMPEG").asText())
                .as("the stack can build the image with ffmpeg").isEqualTo("${RELAYCAST_WITH_FFMPEG:-false}");
    }

    /** A Dockerfile without its comment lines. */
    private static String instructions(String dockerfile) {
        return dockerfile.lines().filter(line -> !line.startsWith("#")).collect(Collectors.joining("\n"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static JsonNode read(Path file) {
        try {
            assertThat(file).isRegularFile();
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new AssertionError("cannot parse " + file, e);
        }
    }
}
