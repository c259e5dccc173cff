package io.relaycast.playlist;

import io.relaycast.server.PeriodicWarning;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks of the playlist threads that log what they throw. A {@code ScheduledExecutorService} keeps a task's exception
 * in a future nobody reads, and cancels a periodic task for good after one: without this, a mount's rescans or fills
 * could stop for good with no log line. A failure that comes back (memory running out, at every fill) is logged once a
 * minute at most, with how often it happened, not once each time, just when the server is short of resources.
 */
final class LoggedTasks {

    private static final Logger log = LoggerFactory.getLogger(LoggedTasks.class);
    private static final Duration PERIOD = Duration.ofMinutes(1);

    /** By the class of what was thrown: when it was last logged and how often since. */
    private final Map<Class<?>, PeriodicWarning> failures = new ConcurrentHashMap<>();

    private LoggedTasks() {
    }

    /** {@code task}, logging what it throws (an {@link Error} too) instead of passing it on, so a periodic one goes on. */
    static Runnable logged(Runnable task) {
        return new LoggedTasks().wrapped(task);
    }

    /** {@code executor}, running each task {@link #logged}, a failure of each kind logged once a minute at most. */
    static Executor logging(Executor executor) {
        LoggedTasks tasks = new LoggedTasks();
        return task -> executor.execute(tasks.wrapped(task));
    }

    private Runnable wrapped(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable failure) {
                failed(failure);
            }
        };
    }

    private void failed(Throwable failure) {
        PeriodicWarning warning = failures.computeIfAbsent(failure.getClass(), kind -> new PeriodicWarning(PERIOD));
        long times = warning.occurred();
        if (times == 1) {
            log.error("a playlist task failed; the next ones still run", failure);
        } else if (times > 1) {
            log.error("a playlist task failed, {} times in the last {} s or more; the next ones still run", times,
                    warning.periodSeconds(), failure);
        }
    }
}
