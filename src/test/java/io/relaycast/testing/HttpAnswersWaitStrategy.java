package io.relaycast.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until {@code http://127.0.0.1:port/} answers with any HTTP status. Testcontainers' port checks rely on mapped
 * ports, which a container on the host network does not have; this one asks the server itself, and gives up early
 * (with the container's log) if the container stops.
 */
public final class HttpAnswersWaitStrategy extends AbstractWaitStrategy {

    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final long RETRY_MILLIS = 250;

    private final URI uri;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ATTEMPT_TIMEOUT)
            .build();

    public HttpAnswersWaitStrategy(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    protected void waitUntilReady() {
        AtomicReference<IOException> lastFailure = new AtomicReference<>();
        try {
            Awaitility.await().atMost(startupTimeout).pollInterval(Duration.ofMillis(RETRY_MILLIS)).until(() -> {
                if (!waitStrategyTarget.isRunning()) {
                    throw new ContainerLaunchException("container stopped before " + uri + " answered; its log:\n"
                            + waitStrategyTarget.getLogs());
                }
                try {
                    answers();
                    return true;
                } catch (IOException e) {
                    lastFailure.set(e);
                    return false;
                }
            });
        } catch (ConditionTimeoutException timedOut) {
            throw new ContainerLaunchException(uri + " did not answer HTTP within " + startupTimeout + " (last error: "
                    + lastFailure.get() + "); container log:\n" + waitStrategyTarget.getLogs());
        }
    }

    /** Any status will do; the body is not read (the server might stream one). */
    private void answers() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(ATTEMPT_TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while waiting for " + uri, e);
        }
    }
}
