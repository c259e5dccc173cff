package io.relaycast.mount;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Time and timers for a paced input. Production uses {@link System#nanoTime()} and the mount's event loop; tests inject
 * a virtual clock so that hours of playlist run in seconds.
 */
public interface PacingClock {

    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Runs {@code task} on the mount's loop after {@code delayNanos} (or a little later, never earlier). */
    void schedule(Runnable task, long delayNanos);

    /** The real clock, timers on {@code loop}. */
    static PacingClock of(EventLoop loop) {
        return new PacingClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Runnable task, long delayNanos) {
                loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            }
        };
    }
}
