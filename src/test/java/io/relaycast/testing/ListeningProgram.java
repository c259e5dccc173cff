package io.relaycast.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An external server (nginx, HAProxy, Prometheus) started to listen on ports picked free, and listening on them. A port
 * picked free can be taken before the program binds it (an outgoing connection's ephemeral port, another test's
 * server): the program then exits, or listens on nothing of its own, and is started again on other ports.
 *
 * @param process the program, listening
 * @param ports   the ports it listens on, in the order it was given them
 */
public record ListeningProgram(Programs.Running process, List<Integer> ports) implements AutoCloseable {

    private static final int ATTEMPTS = 3;

    /** Runs {@code start} with {@code count} ports picked free until the program it starts listens on all of them. */
    public static ListeningProgram start(int count, Function<List<Integer>, Programs.Running> start) {
        for (int attempt = 1; ; attempt++) {
            List<Integer> ports = IntStream.range(0, count).mapToObj(i -> FreePorts.pick()).toList();
            Programs.Running running = start.apply(ports);
            if (cameUp(running.process(), ports)) {
                return new ListeningProgram(running, ports);
            }
            running.close();
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("not listening on ports picked free after " + ATTEMPTS + " starts; see "
                        + running.stderr());
            }
        }
    }

    private static boolean cameUp(Process process, List<Integer> ports) {
        try {
            await("listening on " + ports).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || listening(process, ports));
        } catch (ConditionTimeoutException notListening) {
            return false;
        }
        return process.isAlive() && listening(process, ports);
    }

    private static boolean listening(Process process, List<Integer> ports) {
        return ports.stream().allMatch(port -> FreePorts.listeningBy(port, process));
    }

    public int port() {
        return ports.get(0);
    }

    @Override
    public void close() {
        process.close();
    }
}
