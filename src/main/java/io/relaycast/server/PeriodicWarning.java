package io.relaycast.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Something worth a warning that may happen thousands of times a second (a flood of connections): warned of at most
 * once per period, with how many times it happened since the last warning. Any thread.
 */
public final class PeriodicWarning {

    private final long periodNanos;
    private final AtomicLong sinceWarning = new AtomicLong();
    private final AtomicLong lastWarningNanos;

    public PeriodicWarning(Duration period) {
        this.periodNanos = period.toNanos();
        this.lastWarningNanos = new AtomicLong(System.nanoTime() - periodNanos);
    }

    /** Counts one occurrence; returns how many there were since the last warning (this one too) if one is due now, else 0. */
    public long occurred() {
        sinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarningNanos.get();
        if (now - last >= periodNanos && lastWarningNanos.compareAndSet(last, now)) {
            return sinceWarning.getAndSet(0);
        }
        return 0;
    }

    /** The period, in whole seconds, for the warning's text. */
    public long periodSeconds() {
        return Duration.ofNanos(periodNanos).toSeconds();
    }
}
