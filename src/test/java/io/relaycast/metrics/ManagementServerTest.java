package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

    @Test
    void theManagementPortServesTheServersMetricsAndNothingElse() throws InterruptedException {
        try (TestServer server = TestServer.start();
             ManagementServer management = ManagementServer.start("127.0.0.1", 0, server.server().meterRegistry())) {
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
}
