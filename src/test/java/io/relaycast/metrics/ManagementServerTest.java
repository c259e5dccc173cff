package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.relaycast.server.RequestStats;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

    @Test
    void theManagementPortServesTheServersMetricsAndNothingElse() throws InterruptedException {
        try (TestServer server = TestServer.start();
             ManagementServer management = ManagementServer.start("127.0.0.1", 0, server.server().meterRegistry(),
                     Duration.ofSeconds(3), server.context().requests())) {
            server.context().requests().rejected(401);
            assertThat(management.port()).isNotEqualTo(server.port());

            try (RawClient client = RawClient.connect(management.port())) {
                client.send("GET /metrics HTTP/1.0\r\n\r\n");
                RawClient.Head head = client.readHead();
                String body = new String(client.readToEnd(), StandardCharsets.UTF_8);
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.header("content-type")).isEqualTo(MetricsEndpoint.PROMETHEUS_TEXT);
                assertThat(body).contains("relaycast_requests_rejected_total{status=\"401\"} 1.0", "jvm_threads_live_threads");
            }
            try (RawClient client = RawClient.connect(management.port())) {
                assertThat(client.send("GET /live HTTP/1.0\r\n\r\n").readHead().status()).isEqualTo(404);
            }
        }
    }

    @Test
    void aConnectionThatSendsNoRequestIsClosedAfterTheHeaderTimeout() throws InterruptedException {
        try (ManagementServer management = startApart(Duration.ofMillis(500));
             RawClient idle = RawClient.connect(management.port())) {
            assertThat(idle.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void aKeptAliveConnectionIdleAfterItsAnswerIsClosedAfterTheHeaderTimeout() throws InterruptedException {
        try (ManagementServer management = startApart(Duration.ofMillis(500));
             RawClient client = RawClient.connect(management.port())) {
            RawClient.Head head = client.send("GET /metrics HTTP/1.1\r\nHost: test\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
            client.readExactly(Integer.parseInt(head.header("content-length")));

            assertThat(client.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void connectionsBeyondTheCapAreToldBusy() throws InterruptedException {
        List<RawClient> held = new ArrayList<>();
        // Long enough for the held connections to stay while the test opens the one beyond.
        try (ManagementServer management = startApart(Duration.ofSeconds(30))) {
            for (int i = 0; i < ManagementServer.MAX_CONNECTIONS; i++) {
                held.add(RawClient.connect(management.port()));
            }
            try (RawClient beyond = RawClient.connect(management.port())) {
                assertThat(beyond.readHead().status()).isEqualTo(503);
            }

            held.remove(0).close();
            await("a place freed by a close").atMost(Duration.ofSeconds(5)).until(() -> scrapeStatus(management) == 200);
        } finally {
            held.forEach(RawClient::close);
        }
    }

    private static int scrapeStatus(ManagementServer management) {
        try (RawClient client = RawClient.connect(management.port())) {
            return client.send("GET /metrics HTTP/1.0\r\n\r\n").readHead().status();
        }
    }

    /** A management port for a registry of its own, closing connections without a request after {@code headerTimeout}. */
    private static ManagementServer startApart(Duration headerTimeout) throws InterruptedException {
        return ManagementServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), headerTimeout,
                new RequestStats());
    }
}
