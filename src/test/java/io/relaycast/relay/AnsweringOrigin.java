package io.relaycast.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake origin that answers every connection with the same bytes and closes it at once, counting the connections. */
final class AnsweringOrigin implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger accepts = new AtomicInteger();
    private final byte[] answer;

    private AnsweringOrigin(String answer) throws IOException {
        this.answer = answer.getBytes(StandardCharsets.US_ASCII);
        Thread acceptor = new Thread(this::serve, "answering-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers with {@code answer} (a response head, say). */
    static AnsweringOrigin answering(String answer) throws IOException {
        return new AnsweringOrigin(answer);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The connections taken so far. */
    int accepts() {
        return accepts.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                accepts.incrementAndGet();
                client.getOutputStream().write(answer);
            } catch (IOException closedOrHungUp) {
                // The test is over, or the relay hung up first: either way the next accept says which.
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
