package io.relaycast.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An X server without a screen, for a desktop program under test (butt, Mixxx), on the first free display number
 * ({@code -displayfd}), so that tests and CI jobs never fight over {@code :0}. Close it to stop the server, which then
 * removes its lock file.
 *
 * @param server the Xvfb process
 * @param display its display name ({@code :0}), for {@code DISPLAY}
 */
public record Xvfb(Programs.Running server, String display) implements AutoCloseable {

    /** Starts an X server with a 640x480 screen; returns once it accepts clients. */
    public static Xvfb start(Path logs) {
        Programs.Running xvfb = Programs.start(logs, List.of("Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-screen", "0",
                "640x480x24"));
        try {
            // Xvfb writes the display number it took, and a newline, once it accepts clients.
            await().atMost(Duration.ofSeconds(20)).until(() -> Programs.read(xvfb.stdout()).endsWith("\n"));
            return new Xvfb(xvfb, ":" + Programs.read(xvfb.stdout()).trim());
        } catch (RuntimeException | Error failed) {
            xvfb.terminate();
            throw failed;
        }
    }

    @Override
    public void close() {
        server.terminate();
    }
}
