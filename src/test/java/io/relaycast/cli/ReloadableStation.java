package io.relaycast.cli;

import io.relaycast.server.RelaycastServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server started from a config file the test rewrites between reloads, on the test's address with known logins
 * (source {@code server-pw}, admin {@code adm-pw}); the file holds those and whatever the test adds.
 */
final class ReloadableStation implements AutoCloseable {

    static final String LOGINS = """
            bind: 127.0.0.1
            port: 0
            source-password: server-pw
            admin-password: adm-pw
            """;

    private final Path file;
    private final RelaycastServer server;

    private ReloadableStation(Path file, RelaycastServer server) {
        this.file = file;
        this.server = server;
    }

    /** Starts from {@code dir}/relaycast.yaml holding the logins and {@code rest}. */
    static ReloadableStation start(Path dir, String rest) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("relaycast.yaml"), LOGINS + rest);
        return new ReloadableStation(file, FileConfiguredServer.start(file));
    }

    /** The file from now on holds the logins and {@code rest}; nothing changes until a reload. */
    void rewrite(String rest) throws IOException {
        Files.writeString(file, LOGINS + rest);
    }

    RelaycastServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
