package io.relaycast.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake stream server that answers every listener with a 200 head and a 64 KB burst, then sends nothing more while
 * keeping the connection open: a stream that stalled after the burst, which the load test must report as underruns.
 * Keeps the request heads it received, as bytes read in ISO-8859-1.
 */
final class BurstThenSilence implements AutoCloseable {

    private static final byte[] HEAD = "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();

    BurstThenSilence() throws IOException {
        Thread acceptor = new Thread(this::serve, "burst-then-silence");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** The request heads received so far, each up to its blank line. */
    List<String> heads() {
        return List.copyOf(heads);
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                heads.add(readHead(client.getInputStream()));
                client.getOutputStream().write(HEAD);
                client.getOutputStream().write(new byte[64 * 1024]);
            } catch (IOException closedOrHungUp) {
                // The test is over, or the listener hung up first: the next accept says which.
            }
        }
    }

    /** The request line and headers, up to the blank line, each line ended with CRLF. */
    private static String readHead(InputStream in) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        StringBuilder head = new StringBuilder();
        for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
            head.append(line).append("\r\n");
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : open) {
            client.close();
        }
    }
}
