package io.relaycast.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a listener's connection on its own thread into memory, like a player that keeps up, so tests can wait for
 * byte counts and look at everything received.
 */
public final class Capture implements AutoCloseable {

    private final RawClient client;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicLong count = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Thread reader;

    private Capture(RawClient client) {
        this.client = client;
        this.reader = new Thread(this::readLoop, "capture-" + client.socket().getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts capturing the body of {@code client}, whose response head has already been read. */
    public static Capture of(RawClient client) {
        return new Capture(client);
    }

    public long bytes() {
        return count.get();
    }

    /** True once the server ended the connection. */
    public boolean ended() {
        return ended.get();
    }

    public synchronized byte[] data() {
        return received.toByteArray();
    }

    private void readLoop() {
        byte[] buffer = new byte[16384];
        try {
            client.socket().setSoTimeout(0);
            InputStream in = client.socket().getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (this) {
                    received.write(buffer, 0, n);
                }
                count.addAndGet(n);
            }
        } catch (IOException closed) {
            // The socket was closed or reset: the capture is over either way.
        }
        ended.set(true);
    }

    @Override
    public void close() {
        client.close();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
