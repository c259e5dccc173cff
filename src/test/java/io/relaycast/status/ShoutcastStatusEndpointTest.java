package io.relaycast.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.relaycast.http.RequestPath;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShoutcastStatusEndpointTest {

    /**
     * {@code /7.html} needs no login and walked every listener per request, on the pool that also answers
     * {@code /metrics}: a flood of it turned health checks into 503s. The distinct addresses are counted at most once a
     * second.
     */
    @Test
    void aFloodOf7HtmlCountsTheListenersAddressesAtMostOnceASecond() {
        try (TestServer server = TestServer.start(TestServer.config().withShoutcastMount("/live"))) {
            Mounts.live(server, "/live", Mounts.info("Live", "", ""), new AtomicInteger());
            AtomicLong now = new AtomicLong();
            ShoutcastStatusEndpoint endpoint = new ShoutcastStatusEndpoint(server.context(),
                    new StatusReport(server.context(), Instant.now(), "test"), now::get);
            assertThat(uniqueListeners(endpoint)).isEqualTo("0");

            try (RawClient listener = RawClient.listening(server.port(), "/live")) {
                await("one listener").atMost(Duration.ofSeconds(5)).until(() -> server.context().listeners().count() == 1);
                assertThat(uniqueListeners(endpoint)).isEqualTo("0");
                now.addAndGet(TimeUnit.SECONDS.toNanos(1));
                assertThat(uniqueListeners(endpoint)).isEqualTo("1");
            }
        }
    }

    private static String uniqueListeners(ShoutcastStatusEndpoint endpoint) {
        EmbeddedChannel channel = new EmbeddedChannel();
        FullHttpResponse response = endpoint.answer(channel, new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET,
                "/7.html"), RequestPath.parse("/7.html"));
        try {
            ByteBuf content = response.content();
            String body = content.toString(StandardCharsets.UTF_8);
            return body.replaceAll(".*<body>", "").split(",")[4];
        } finally {
            response.release();
            channel.finishAndReleaseAll();
        }
    }
}
