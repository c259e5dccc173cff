package io.relaycast.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A fake origin that reads each request's head, answers every connection with the same bytes and closes it at once,
 * counting the connections and keeping the heads.
 */
final class AnsweringOrigin implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger accepts = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final byte[] answer;
    /** Answers wait for this once a request's head is read. */
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile boolean holding;

    private AnsweringOrigin(IntFunction<String> answerForPort) throws IOException {
        this.answer = answerForPort.apply(server.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
        Thread acceptor = new Thread(this::serve, "answering-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers with {@code answer} (a response head, say). */
    static AnsweringOrigin answering(String answer) throws IOException {
        return new AnsweringOrigin(port -> answer);
    }

    /** Answers with a redirect to {@code path} on itself, named by an absolute URL as Icecast and nginx name it. */
    static AnsweringOrigin redirectingToItself(String path) throws IOException {
        return new AnsweringOrigin(port -> "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" + port + path
                + "\r\nContent-Length: 0\r\n\r\n");
    }

    /** Holds each answer until {@link #letGo()}, once the request's head is in: a test acts while the relay waits. */
    AnsweringOrigin holdingAnswers() {
        holding = true;
        return this;
    }

    /** Sends the held answer, and every later one at once. */
    void letGo() {
        held.countDown();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The connections taken so far. */
    int accepts() {
        return accepts.get();
    }

    /** The request heads received so far, in order (each up to its blank line). */
    List<String> heads() {
        return List.copyOf(heads);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                accepts.incrementAndGet();
                client.setSoTimeout(5000);
                heads.add(readHead(client.getInputStream()));
                if (holding) {
                    held.await();
                }
                client.getOutputStream().write(answer);
            } catch (IOException closedOrHungUp) {
                // The test is over, or the relay hung up first: either way the next accept says which.
            } catch (InterruptedException stopping) {
                return;
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
            head.append((char) b);
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
