package io.relaycast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;

/**
 * A plain socket speaking HTTP by hand, the way encoders and old players do: exact request bytes out, the response head
 * parsed, then the raw body. For protocol tests where an HTTP library would hide what is on the wire.
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) {
        return connect(port, 0);
    }

    /** Connects with a small kernel receive buffer (bytes, 0 for the default), like a player on a poor link. */
    public static RawClient connect(int port, int receiveBuffer) {
        return connect(null, port, receiveBuffer);
    }

    /**
     * Connects from {@code localAddress}, another loopback address ({@code 127.0.0.2}): a client on another machine, as
     * the server and a proxy in front of it see it.
     */
    public static RawClient connectFrom(String localAddress, int port) {
        return connect(localAddress, port, 0);
    }

    private static RawClient connect(String localAddress, int port, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A listener of {@code mount} (HTTP/1.0, no metadata), asserted to have been let in. */
    public static RawClient listening(int port, String mount) {
        RawClient listener = connect(port);
        listener.send("GET " + mount + " HTTP/1.0\r\n\r\n");
        Head head = listener.readHead();
        if (head.status() != 200) {
            listener.close();
            throw new AssertionError("listener of " + mount + " got " + head.statusLine() + ", expected 200");
        }
        return listener;
    }

    /**
     * A listener of {@code mount} whose User-Agent is {@code agent}, that reads a little and then quits as a player does,
     * with a reset, which the server hears of at once whether it is writing to it or not: one access log line.
     */
    public static void listenBriefly(int port, String mount, String agent) {
        try (RawClient listener = connect(port)) {
            listener.send("GET " + mount + " HTTP/1.0\r\nUser-Agent: " + agent + "\r\n\r\n");
            Head head = listener.readHead();
            if (head.status() != 200) {
                throw new AssertionError("listener of " + mount + " got " + head.statusLine() + ", expected 200");
            }
            listener.readExactly(1_000);
            listener.resetOnClose();
        }
    }

    /** Makes {@link #close} reset the connection (SO_LINGER 0), as a player that quits often does. */
    public RawClient resetOnClose() {
        try {
            socket.setSoLinger(true, 0);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status a listener of {@code mount} is answered with. */
    public static int listenStatus(int port, String mount) {
        try (RawClient listener = connect(port)) {
            listener.send("GET " + mount + " HTTP/1.0\r\n\r\n");
            return listener.readHead().status();
        }
    }

    public Socket socket() {
        return socket;
    }

    public RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a response head (status line and headers); header names lower-cased. */
    public Head readHead() {
        String statusLine = readLine();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new Head(statusLine, headers);
    }

    /** Reads a response head as its lines, the status line first, every header as sent (a repeated one twice). */
    public List<String> headLines() {
        List<String> lines = new ArrayList<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            lines.add(line);
        }
        return lines;
    }

    /** Reads exactly {@code count} bytes, or fails. */
    public byte[] readExactly(int count) {
        try {
            return in.readNBytes(count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code piece} bytes every {@code pause} for {@code during}, as a player on a slow link, and returns what it
     * read; fails if the connection ends before then.
     */
    public byte[] readSlowly(int piece, Duration pause, Duration during) throws InterruptedException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long until = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < until) {
            byte[] read = readExactly(piece);
            received.writeBytes(read);
            assertThat(read.length).withFailMessage("cut after %d bytes", received.size()).isEqualTo(piece);
            Thread.sleep(pause.toMillis()); // the player's pace, not a wait for the server
        }
        return received.toByteArray();
    }

    /** Reads until the server closes the connection (or the socket timeout fails the read). */
    public byte[] readToEnd() {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the server closed the connection: a read returns end of stream (or a reset) within the timeout. */
    public boolean closedByServer(int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            byte[] buffer = new byte[8192];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String readLine() {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    line.write(c);
                }
            }
            if (c < 0 && line.size() == 0) {
                throw new IOException("connection closed before a response line");
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response's status line and headers. */
    public record Head(String statusLine, Map<String, String> headers) {

        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }
}
