package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerRequestsTest {

    @Test
    void theUrlsUserInfoIsSentAsABasicLogin() {
        ListenerRequests requests = ListenerRequests.of(settings("http://fan:s%3Acret@127.0.0.1:8000/private"));
        try {
            assertThat(requests.plain().toString(StandardCharsets.ISO_8859_1))
                    .startsWith("GET /private HTTP/1.0\r\n")
                    .contains("\r\nAuthorization: Basic ZmFuOnM6Y3JldA==\r\n")
                    .doesNotContain("fan:");
        } finally {
            requests.release();
        }
    }

    @Test
    void aMountNamedBeyondAsciiIsAskedForPercentEncodedAsUtf8() {
        ListenerRequests requests = ListenerRequests.of(settings("http://127.0.0.1:8000/caf\u00e9?x=\u00e9"));
        try {
            assertThat(requests.plain().toString(StandardCharsets.ISO_8859_1)).startsWith("GET /caf%C3%A9?x=%C3%A9 HTTP/1.0\r\n");
        } finally {
            requests.release();
        }
    }

    private static LoadTestSettings settings(String url) {
        return new LoadTestSettings(URI.create(url), 1, Duration.ofSeconds(20), 1, 128, List.of(), Duration.ofSeconds(10), 5,
                false, Duration.ZERO, 0, 1);
    }
}
