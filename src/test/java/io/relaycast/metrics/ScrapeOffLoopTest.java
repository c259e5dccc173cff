package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.relaycast.config.ConnectionLimits;
import io.relaycast.config.ServerConfig;
import io.relaycast.server.RelaycastServer;
import io.relaycast.server.RequestStats;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A scrape takes tens of milliseconds (17-79 ms measured with 12,000 listeners), time the audio on its event loop would
 * wait for, so it is computed on a thread of its own. A gauge that blocks until the test lets it go stands for a slow
 * scrape: real server, real sockets.
 */
class ScrapeOffLoopTest {

    private final CountDownLatch scraping = new CountDownLatch(1);
    private final CountDownLatch letGo = new CountDownLatch(1);
    private final AtomicInteger scrapesComputed = new AtomicInteger();

    private double slowValue() {
        scrapesComputed.incrementAndGet();
        scraping.countDown();
        try {
            assertThat(letGo.await(120, TimeUnit.SECONDS)).as("the test let the scrape go").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 42;
    }

    private void registerSlowGauge(TestServer server) {
        Gauge.builder("test.slow", this, ScrapeOffLoopTest::slowValue).register(server.server().meterRegistry());
    }

    @Test
    void aSlowScrapeHoldsUpNoOtherRequestOnItsEventLoop() throws Exception {
        // One event loop: every connection is on it, the scrape's and the web page's (answered on the loop).
        try (TestServer server = TestServer.start(TestServer.config(), 1)) {
            registerSlowGauge(server);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> scrape = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(server.url("/metrics"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scraping.await(10, TimeUnit.SECONDS)).isTrue();

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url("/")))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(scrape).isNotDone();
            letGo.countDown();
            assertThat(scrape.get(10, TimeUnit.SECONDS).body()).contains("test_slow 42.0");
        }
    }

    @Test
    void aScrapeSlowerThanTheHeaderTimeoutIsStillAnswered() throws Exception {
        // The clock for the next request's head starts when the answer is written: here 1 s, and the scrape takes 2 s.
        ServerConfig config = TestServer.config().toBuilder().headerTimeout(Duration.ofSeconds(1)).build();
        try (TestServer server = TestServer.start(config); RawClient client = RawClient.connect(server.port())) {
            registerSlowGauge(server);
            client.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(scraping.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS).execute(letGo::countDown);

            RawClient.Head head = client.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(new String(client.readExactly(Integer.parseInt(head.header("content-length"))), StandardCharsets.UTF_8))
                    .contains("test_slow 42.0");
            assertThat(server.context().requests().rejectedCount(408)).isZero();
        }
    }

    @Test
    void requestsSentBehindAScrapeAreAnsweredAfterIt() throws Exception {
        try (TestServer server = TestServer.start(); RawClient client = RawClient.connect(server.port())) {
            registerSlowGauge(server);
            // Pipelined: both requests in one write, so the second is read while the first is still being answered.
            client.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /status-json.xsl HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(scraping.await(10, TimeUnit.SECONDS)).isTrue();
            letGo.countDown();

            RawClient.Head first = client.readHead();
            String metrics = new String(client.readExactly(Integer.parseInt(first.header("content-length"))),
                    StandardCharsets.UTF_8);
            RawClient.Head second = client.readHead();
            String status = new String(client.readExactly(Integer.parseInt(second.header("content-length"))),
                    StandardCharsets.UTF_8);

            assertThat(first.status()).isEqualTo(200);
            assertThat(metrics).contains("test_slow 42.0");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.header("content-type")).contains("json");
            assertThat(status).contains("\"icestats\"");
        }
    }

    @Test
    void requestsBeyondTheAnswerQueueAreToldBusyAtOnce() throws Exception {
        int running = 2;
        int waiting = RelaycastServer.MAX_WAITING_ANSWERS;
        int beyond = 4;
        List<RawClient> clients = new ArrayList<>();
        // No limit on connections waiting to send their request: the test opens them faster than the server reads them.
        try (TestServer server = TestServer.start(TestServer.config().withLimits(new ConnectionLimits(0, 0)))) {
            registerSlowGauge(server);
            for (int i = 0; i < running + waiting + beyond; i++) {
                clients.add(RawClient.connect(server.port()).send("GET /metrics HTTP/1.0\r\n\r\n"));
            }

            // Awaited on the clients, not on the server's count, which goes up before the refusal is written.
            Map<RawClient, String> answers = new HashMap<>();
            await("the requests beyond the queue refused").atMost(Duration.ofSeconds(30))
                    .until(() -> readAnswersComing(clients, answers) >= beyond);

            assertThat(answers.values()).hasSize(beyond).allMatch(answer -> answer.startsWith("503 Busy"));
            assertThat(server.context().requests().rejectedCount(503)).isEqualTo(beyond);
        } finally {
            letGo.countDown();
            clients.forEach(RawClient::close);
        }
    }

    /**
     * Reads the whole answer (status and body) of each client in {@code clients} with one coming and none in
     * {@code answers} yet, into {@code answers}; returns how many answers there are now.
     */
    private static int readAnswersComing(List<RawClient> clients, Map<RawClient, String> answers) throws IOException {
        for (RawClient client : clients) {
            if (!answers.containsKey(client) && client.socket().getInputStream().available() > 0) {
                int status = client.readHead().status();
                answers.put(client, status + " " + new String(client.readToEnd(), StandardCharsets.UTF_8));
            }
        }
        return answers.size();
    }

    @Test
    void scrapesWhoseClientsHungUpWhileTheyWaitedAreNotComputed() {
        int running = 2;
        int hungUp = 20;
        List<RawClient> held = new ArrayList<>();
        try (TestServer server = TestServer.start(TestServer.config().withLimits(new ConnectionLimits(0, 0)))) {
            registerSlowGauge(server);
            RequestStats requests = server.context().requests();
            for (int i = 0; i < running; i++) {
                held.add(RawClient.connect(server.port()).send("GET /metrics HTTP/1.0\r\n\r\n"));
            }
            await("both answer threads held").atMost(Duration.ofSeconds(30)).until(() -> scrapesComputed.get() == running);
            List<RawClient> leaving = new ArrayList<>();
            for (int i = 0; i < hungUp; i++) {
                leaving.add(RawClient.connect(server.port()).send("GET /metrics HTTP/1.0\r\n\r\n"));
            }
            await("the scrapes queued").atMost(Duration.ofSeconds(30))
                    .until(() -> requests.clientConnections() == running + hungUp);
            leaving.forEach(client -> client.resetOnClose().close());
            await("the hung-up connections closed").atMost(Duration.ofSeconds(30))
                    .until(() -> requests.openConnections() == running);
            letGo.countDown();

            try (RawClient later = RawClient.connect(server.port()).send("GET /metrics HTTP/1.0\r\n\r\n")) {
                assertThat(later.readHead().status()).isEqualTo(200);
                assertThat(new String(later.readToEnd(), StandardCharsets.UTF_8)).contains("test_slow 42.0");
            }
            assertThat(scrapesComputed).hasValue(running + 1);
        } finally {
            held.forEach(RawClient::close);
        }
    }
}
