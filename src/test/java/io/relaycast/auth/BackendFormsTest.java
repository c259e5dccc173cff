package io.relaycast.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The form POSTs to a station's backend over a real socket, with a backend written by hand so it can do what web
 * servers do to kept-alive connections: close one just as it is reused.
 */
class BackendFormsTest {

    /**
     * The backend answers the first form and keeps the connection open, then closes it when the second form arrives
     * there without answering (its keep-alive timeout ran out at that moment, as nginx's does): the second form is sent
     * again on a new connection and is answered, as libcurl, which Icecast asks through, does it.
     */
    @Test
    void aFormOnAConnectionTheBackendClosedAsItWasReusedIsSentAgainOnANewOne() throws Exception {
        List<String> forms = new CopyOnWriteArrayList<>();
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket kept = backend.accept()) {
                    forms.add(readRequest(kept.getInputStream()));
                    kept.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    kept.getOutputStream().flush();
                    forms.add("lost: " + readRequest(kept.getInputStream()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                try (Socket fresh = backend.accept()) {
                    forms.add(readRequest(fresh.getInputStream()));
                    fresh.getOutputStream().write(("HTTP/1.1 200 OK\r\nIcecast-Auth-User: 1\r\nContent-Length: 0\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            HttpClient http = BackendForms.client();
            URI url = URI.create("http://127.0.0.1:" + backend.getLocalPort() + "/auth");
            HttpResponse<Void> first = BackendForms.send(http, BackendForms.post(url, Map.of("action", "mount_add")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(first.statusCode()).isEqualTo(200);
            HttpResponse<Void> second = BackendForms.send(http, BackendForms.post(url, Map.of("action", "listener_add")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(second.headers().firstValue("icecast-auth-user")).hasValue("1");
            served.get(10, TimeUnit.SECONDS);
            assertThat(forms).containsExactly("action=mount_add", "lost: action=listener_add", "action=listener_add");
        }
    }

    @Test
    void aBackendThatIsNotThereFailsTheForm() throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/auth");
        CompletableFuture<HttpResponse<Void>> form = BackendForms.send(BackendForms.client(),
                BackendForms.post(url, Map.of("action", "listener_remove")));
        assertThatThrownBy(() -> form.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(java.net.ConnectException.class);
    }

    /**
     * A backend that sends its answer's head, promises a body and then stalls: the form fails as too slow once the
     * timeout has passed (the listener or source waiting on it is then refused), rather than waiting forever.
     */
    @Test
    void aBackendThatStallsInItsAnswersBodyFailsTheFormAfterTheTimeout() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> stalled = new CompletableFuture<>();
            CompletableFuture.runAsync(() -> {
                try (Socket stalling = backend.accept()) {
                    readRequest(stalling.getInputStream());
                    stalling.getOutputStream().write("HTTP/1.1 200 OK\r\nIcecast-Auth-User: 1\r\nContent-Length: 100\r\n\r\nab"
                            .getBytes(StandardCharsets.US_ASCII));
                    stalling.getOutputStream().flush();
                    stalled.join();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            URI url = URI.create("http://127.0.0.1:" + backend.getLocalPort() + "/auth");
            CompletableFuture<HttpResponse<Void>> form = BackendForms.send(BackendForms.client(),
                    BackendForms.post(url, Map.of("action", "listener_add")));
            try {
                assertThatThrownBy(() -> form.get(BackendForms.TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(HttpTimeoutException.class);
            } finally {
                stalled.complete(null);
            }
        }
    }

    /**
     * A form to an {@code http://} backend is plain HTTP/1.1: the JDK client's default offers HTTP/2 on every new
     * connection ({@code Upgrade: h2c}), which some backends and the proxies in front of them refuse or mishandle, and
     * which Icecast, asking through libcurl, never sends.
     */
    @Test
    void aFormAsksForNoUpgradeToHttp2() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<String> heads = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket socket = backend.accept()) {
                    readRequest(socket.getInputStream(), heads::add);
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            URI url = URI.create("http://127.0.0.1:" + backend.getLocalPort() + "/auth");
            HttpResponse<Void> answer = BackendForms.send(BackendForms.client(), BackendForms.post(url,
                    Map.of("action", "listener_add"))).get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            served.get(10, TimeUnit.SECONDS);
            assertThat(heads).singleElement().asString().startsWith("POST /auth HTTP/1.1\r\n")
                    .doesNotContainIgnoringCase("upgrade").doesNotContainIgnoringCase("HTTP2-Settings");
        }
    }

    /** The body of the HTTP request on {@code in}: its head read up to the blank line, then Content-Length bytes. */
    private static String readRequest(InputStream in) throws IOException {
        return readRequest(in, head -> { });
    }

    /** The body of the HTTP request on {@code in}, its head given to {@code heads}. */
    private static String readRequest(InputStream in, Consumer<String> heads) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended in a request head");
            }
            head.write(b);
        }
        heads.accept(head.toString(StandardCharsets.ISO_8859_1));
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
