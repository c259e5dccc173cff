package io.relaycast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A hand-driven source: logs in with PUT and {@code Expect: 100-continue}, then sends whatever bytes a test wants. */
public final class RawSource {

    private RawSource() {
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request {@code head} and the {@code audio} after it, as one write: an encoder that does not wait for the answer. */
    public static byte[] packet(String head, byte[] audio) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        packet.writeBytes(audio);
        return packet.toByteArray();
    }

    /** A source logging in to {@code mount} as user source with {@code password}; the answer is the caller's to read. */
    public static RawClient login(int port, String mount, String password) {
        return RawClient.connect(port).send("PUT " + mount + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + basic("source", password) + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
    }

    /** A source on air on {@code mount}, logged in as user source with {@code password}. */
    public static RawClient onAir(int port, String mount, String password) {
        RawClient client = login(port, mount, password);
        assertThat(client.readHead().status()).isEqualTo(100);
        return client;
    }

    /** The status a source logging in to {@code mount} with {@code password} is answered with. */
    public static int loginStatus(int port, String mount, String password) {
        try (RawClient client = login(port, mount, password)) {
            return client.readHead().status();
        }
    }

    /** Opens {@code mount} as a source and asserts the server said 100 Continue. */
    public static RawClient open(int port, String mount, String... extraHeaders) {
        RawClient client = RawClient.connect(port);
        StringBuilder head = new StringBuilder("PUT " + mount + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + basic("source", TestServer.SOURCE_PASSWORD) + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        client.send(head.append("\r\n").toString());
        assertThat(client.readHead().statusLine()).isEqualTo("HTTP/1.1 100 Continue");
        return client;
    }
}
