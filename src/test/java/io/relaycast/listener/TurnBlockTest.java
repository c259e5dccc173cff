package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Listeners take their write turns in blocks of {@link Delivery#TURN_BLOCK} that started one after the other, whose
 * objects lie close together in memory; the requests that never became listeners (a HEAD, a refusal) must not thin the
 * blocks out. Real server, real sockets.
 */
class TurnBlockTest {

    @Test
    void listenersLetInBetweenHeadRequestsStillShareTurnBlocksOf64() {
        int count = Delivery.TURN_BLOCK;
        List<RawClient> listeners = new ArrayList<>();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.of("/live"))))) {
            for (int i = 0; i < count; i++) {
                try (RawClient uptimeMonitor = RawClient.connect(server.port())) {
                    uptimeMonitor.send("HEAD /live HTTP/1.0\r\n\r\n");
                    assertThat(uptimeMonitor.readHead().status()).isEqualTo(200);
                }
                listeners.add(RawClient.listening(server.port(), "/live"));
            }
            ListenerRegistry registry = server.context().listeners();
            await("every listener started").atMost(Duration.ofSeconds(30)).until(() -> registry.all().size() == count);

            Set<Long> offsets = registry.all().stream().map(ListenerHandler::turnOffsetNanos).collect(Collectors.toSet());

            // 64 listeners that started one after the other lie in one block, or across the border of two.
            assertThat(offsets).hasSizeLessThanOrEqualTo(2);
        } finally {
            listeners.forEach(RawClient::close);
        }
    }
}
