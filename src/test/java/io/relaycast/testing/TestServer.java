package io.relaycast.testing;

import io.relaycast.config.BurstSize;
import io.relaycast.config.ServerConfig;
import io.relaycast.server.RelaycastServer;
import io.relaycast.server.ServerContext;
import java.time.Duration;

/**
 * A real relaycast server on a free loopback port, for tests that talk to it over real sockets.
 * Close it to stop it; every test gets its own.
 */
public final class TestServer implements AutoCloseable {

    public static final String SOURCE_PASSWORD = "test-source-pw";
    public static final String ADMIN_PASSWORD = "test-admin-pw";

    private final RelaycastServer server;

    private TestServer(RelaycastServer server) {
        this.server = server;
    }

    /** The test defaults: port 0, known passwords, Icecast's sizes, short timeouts. */
    public static ServerConfig config() {
        return config(Duration.ofSeconds(3));
    }

    /** The test defaults, with {@code sourceTimeout}. */
    public static ServerConfig config(Duration sourceTimeout) {
        return ServerConfig.builder().bindAddress("127.0.0.1").port(0).sourcePassword(SOURCE_PASSWORD).adminUser("admin")
                .adminPassword(ADMIN_PASSWORD).burstSize(BurstSize.ofBytes(64 * 1024)).maxListeners(100)
                .sourceTimeout(sourceTimeout).headerTimeout(Duration.ofSeconds(3)).listenerTimeout(Duration.ofSeconds(5)).build();
    }

    public static TestServer start() {
        return start(config());
    }

    public static TestServer start(ServerConfig config) {
        return start(config, 2);
    }

    /** With {@code threads} event loops: one puts every connection on the same loop. */
    public static TestServer start(ServerConfig config, int threads) {
        return started(new RelaycastServer(config, threads));
    }

    /** With station backends given {@code backendTimeout} to answer instead of 5 s: for backends that hold answers. */
    public static TestServer start(ServerConfig config, Duration backendTimeout) {
        return started(new RelaycastServer(config, 2, backendTimeout));
    }

    private static TestServer started(RelaycastServer server) {
        try {
            return new TestServer(server.start());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.port();
    }

    public RelaycastServer server() {
        return server;
    }

    public ServerContext context() {
        return server.context();
    }

    /** {@code http://127.0.0.1:port/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The URL ffmpeg's icecast protocol streams to, with the source credentials. */
    public String icecastUrl(String mount) {
        return "icecast://source:" + SOURCE_PASSWORD + "@127.0.0.1:" + port() + mount;
    }

    @Override
    public void close() {
        server.close();
    }
}
