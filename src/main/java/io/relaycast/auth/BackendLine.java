package io.relaycast.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests to one authentication backend: at most a few at a time, the others waiting their turn in order. A crowd
 * arriving at once (the top of the hour, a link shared, a flood) would otherwise open a connection each to the
 * station's web backend, which typically has a handful of PHP workers. A listener or source that finds
 * {@link #MAX_WAITING} others already waiting is refused at once with {@link BackendBusyException}, as Icecast 2.4
 * answers "busy, please try again later" past 100 clients awaiting authentication. Notices (listener_remove) wait their
 * turn too, behind the listeners and sources waiting to be let in, and neither count against that limit nor are ever
 * refused: there is one per listener let in, and a crowd leaving at once must not turn away those coming back. One line
 * per backend ({@link BackendLines}), whatever mounts and config reloads ask it.
 *
 * <p>A request no longer wanted when its turn comes (its listener hung up while waiting) is never sent.
 */
final class BackendLine {

    /** Requests sent to one backend at a time (Icecast asks one at a time, per mount). */
    static final int AT_ONCE = 8;
    /** Requests that may wait before new listeners and sources are refused, as in Icecast. */
    static final int MAX_WAITING = 100;

    private static final Logger log = LoggerFactory.getLogger(BackendLine.class);

    private final String backend;
    private final int atOnce;
    private final int maxWaiting;
    private final Deque<Runnable> asking = new ArrayDeque<>();
    private final Deque<Runnable> notices = new ArrayDeque<>();
    private int sending;
    private boolean refusing;

    /** A line to {@code backend} (as named in the logs) with Icecast's limit. */
    BackendLine(String backend) {
        this(backend, AT_ONCE, MAX_WAITING);
    }

    BackendLine(String backend, int atOnce, int maxWaiting) {
        this.backend = backend;
        this.atOnce = atOnce;
        this.maxWaiting = maxWaiting;
    }

    /**
     * Sends {@code request} now, or once its turn comes if it is still {@code wanted} then (else the answer fails with
     * a {@link CancellationException}). A {@code refusable} one (a listener or source to let in) goes ahead of the
     * notices waiting, and fails at once with {@link BackendBusyException} when {@link #MAX_WAITING} such are waiting.
     */
    <T> CompletableFuture<T> send(Supplier<CompletableFuture<T>> request, boolean refusable, BooleanSupplier wanted) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Runnable turn = () -> start(request, answer, wanted);
        synchronized (this) {
            if (sending < atOnce) {
                sending++;
            } else if (refusable && asking.size() >= maxWaiting) {
                if (!refusing) {
                    refusing = true;
                    log.warn("the authentication backend {} has {} requests waiting: new ones are refused until it catches up",
                            backend, asking.size());
                }
                return CompletableFuture.failedFuture(new BackendBusyException(backend));
            } else {
                (refusable ? asking : notices).add(turn);
                return answer;
            }
        }
        turn.run();
        return answer;
    }

    private <T> void start(Supplier<CompletableFuture<T>> request, CompletableFuture<T> answer, BooleanSupplier wanted) {
        if (!wanted.getAsBoolean()) {
            finished();
            answer.completeExceptionally(new CancellationException("no longer wanted"));
            return;
        }
        CompletableFuture<T> sent;
        try {
            sent = request.get();
        } catch (RuntimeException failure) {
            sent = CompletableFuture.failedFuture(failure);
        }
        sent.whenComplete((value, failure) -> {
            finished();
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(value);
            }
        });
    }

    /** A request is answered or was dropped: the next one waiting goes, off this thread so a chain never nests. */
    private void finished() {
        Runnable next;
        synchronized (this) {
            next = asking.isEmpty() ? notices.poll() : asking.poll();
            if (next == null) {
                sending--;
                refusing = false;
                return;
            }
        }
        ForkJoinPool.commonPool().execute(next);
    }
}
