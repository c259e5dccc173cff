package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.cli.Main;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code relaycast loadtest} exits with, and how soon, when its listeners cannot be served. */
class LoadTestCommandExitTest {

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();
    private final CommandLine command = Main.commandLine();

    LoadTestCommandExitTest() {
        command.setErr(new PrintWriter(err));
        command.setOut(new PrintWriter(out));
    }

    @Test
    void aRunThatServedNoListenerExitsOne() throws Exception {
        try (TestServer server = TestServer.start()) {
            int exit = command.execute("loadtest", server.url("/nothing"), "--listeners", "5", "--ramp", "100",
                    "--duration", "3", "--window", "1", "--warm-up", "0");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("no listener was served");
        }
    }

    @Test
    void theReportNamesTheUrlWithoutItsPassword() throws Exception {
        try (TestServer server = TestServer.start()) {
            String url = server.url("/nothing").replace("http://", "http://fan:s3cret@");

            command.execute("loadtest", url, "--listeners", "2", "--ramp", "100", "--duration", "3", "--window", "1",
                    "--warm-up", "0");

            assertThat(out.toString()).contains("fan:***@").doesNotContain("s3cret");
        }
    }

    @Test
    void aRefusedConnectionStopsTheRunAtOnceWithTheReason() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();

        int exit = command.execute("loadtest", "http://127.0.0.1:" + closedPort + "/stream", "--listeners", "5", "--ramp",
                "100", "--duration", "12", "--window", "1", "--warm-up", "0");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot connect to 127.0.0.1:" + closedPort).contains("Connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void anUnknownHostStopsTheRunAtOnceNamingIt() {
        int exit = command.execute("loadtest", "http://no-such-host.invalid:8000/stream", "--listeners", "5", "--ramp",
                "100", "--duration", "12", "--window", "1", "--warm-up", "0");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot connect to no-such-host.invalid:8000").contains("unknown host");
    }
}
