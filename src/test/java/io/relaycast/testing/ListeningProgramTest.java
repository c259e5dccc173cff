package io.relaycast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A program whose port picked free was taken first is started again on another, and only its own listening counts. */
class ListeningProgramTest {

    /** Like nginx, tries to bind its port for a while (two seconds), then listens on it, or exits. */
    private static final String BINDS_LIKE_NGINX = """
            import socket, sys, time
            server = socket.socket()
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            for attempt in range(20):
                try:
                    server.bind(("127.0.0.1", int(sys.argv[1])))
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                sys.exit(1)
            server.listen()
            time.sleep(60)
            """;

    @TempDir
    Path dir;

    @Test
    void aProgramWhosePortAnotherTookFirstIsStartedAgainOnAnother() throws IOException {
        List<Integer> tried = new ArrayList<>();
        try (ServerSocket first = new ServerSocket();
             ListeningProgram server = ListeningProgram.start(1, ports -> {
                 if (tried.isEmpty()) {
                     // The race: another socket listens on the picked port before the program binds it.
                     bind(first, ports.get(0));
                 }
                 tried.add(ports.get(0));
                 return Programs.start(dir, List.of("/usr/bin/python3", "-c", BINDS_LIKE_NGINX, Integer.toString(ports.get(0))));
             })) {
            assertThat(tried).as("started again on another port").hasSize(2);
            assertThat(server.port()).isEqualTo(tried.get(1));
            assertThat(FreePorts.listeningBy(server.port(), server.process().process())).isTrue();
            assertThat(FreePorts.listeningBy(tried.get(0), server.process().process())).isFalse();
        }
    }

    private static void bind(ServerSocket socket, int port) {
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
