package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.relaycast.testing.LoggedWarnings;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the playlist threads do when a task throws: log it, and keep running the next ones. */
class LoggedTasksTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aPeriodicRescanThatThrowsAnErrorIsLoggedAndRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        try (LoggedWarnings logged = LoggedWarnings.of(LoggedTasks.class)) {
            executor.scheduleWithFixedDelay(LoggedTasks.logged(() -> {
                if (runs.incrementAndGet() == 1) {
                    throw new StackOverflowError("test");
                }
            }), 0, 10, TimeUnit.MILLISECONDS);

            await("the rescan runs again").atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 2);
            assertThat(logged.count(Level.ERROR, "a playlist task failed", "")).isEqualTo(1);
        }
    }

    @Test
    void aTaskThatThrowsIsLoggedNotSwallowed() {
        AtomicInteger after = new AtomicInteger();
        try (LoggedWarnings logged = LoggedWarnings.of(LoggedTasks.class)) {
            LoggedTasks.logging(executor).execute(() -> {
                throw new IllegalStateException("test");
            });
            executor.execute(after::incrementAndGet);

            await("the next task").atMost(Duration.ofSeconds(5)).until(() -> after.get() == 1);
            assertThat(logged.count(Level.ERROR, "a playlist task failed", "")).isEqualTo(1);
        }
    }
}
