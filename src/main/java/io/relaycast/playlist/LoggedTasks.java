package io.relaycast.playlist;

import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks of the playlist threads that log what they throw. A {@code ScheduledExecutorService} keeps a task's exception
 * in a future nobody reads, and cancels a periodic task for good after one: without this, a mount's rescans or fills
 * could stop for good with no log line.
 */
final class LoggedTasks {

    private static final Logger log = LoggerFactory.getLogger(LoggedTasks.class);

    private LoggedTasks() {
    }

    /** {@code task}, logging what it throws (an {@link Error} too) instead of passing it on, so a periodic one goes on. */
    static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable failure) {
                log.error("a playlist task failed; the next ones still run", failure);
            }
        };
    }

    /** {@code executor}, running each task {@link #logged}. */
    static Executor logging(Executor executor) {
        return task -> executor.execute(logged(task));
    }
}
