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
 * station's web backend, which typically has a handful of PHP workers. A listener that finds {@link #MAX_WAITING}
 * others already waiting is refused at once with {@link BackendBusyException}, as Icecast 2.4 answers "busy, please try
 * again later" past 100 clients awaiting authentication. Sources (DJs logging in) wait in a line of their own, served
 * first and refused only past {@link #MAX_SOURCES_WAITING} sources waiting: a crowd of listeners, or a flood of
 * requests nobody logs in with, must never keep the station's DJs off air. Notices (listener_remove) wait their turn
 * too, behind those waiting to be let in but for one turn in {@link #NOTICE_TURN}, and neither count against those
 * limits nor are refused: there is one per listener let in, and a crowd leaving at once must not turn away those
 * coming back. Past {@link #MAX_NOTICES_WAITING} notices waiting (a backend down for long) the oldest are dropped,
 * counted in the log. One line per backend ({@link BackendLines}), whatever mounts and config reloads ask it.
 *
 * <p>A request no longer wanted when its turn comes (its listener hung up while waiting) is never sent.
 */
final class BackendLine {

    /** What a request is for, which says where it waits. */
    enum Kind {
        /** A source to let on air: waits first in line. */
        SOURCE,
        /** A listener to let in. */
        LISTENER,
        /** A notice (listener_remove): waits behind the others, never refused. */
        NOTICE
    }

    /** Requests sent to one backend at a time (Icecast asks one at a time, per mount). */
    static final int AT_ONCE = 8;
    /** Listeners that may wait before new ones are refused, as in Icecast. */
    static final int MAX_WAITING = 100;
    /** Sources that may wait before new ones are refused: a station has a few DJs, not a crowd. */
    static final int MAX_SOURCES_WAITING = 16;
    /** Notices that may wait; past them the oldest are dropped. */
    static final int MAX_NOTICES_WAITING = 10_000;
    /** One turn in this many goes to a notice, even while others wait to be let in, so that notices are never starved. */
    static final int NOTICE_TURN = 8;
    /**
     * Sources go first, but at most this many in a row while listeners wait: a stream of source logins (a password
     * scanner trying SOURCE again and again) slows listeners' admission, and never stops it.
     */
    static final int SOURCE_TURNS_IN_A_ROW = 4;

    private static final Logger log = LoggerFactory.getLogger(BackendLine.class);

    private final String backend;
    private final int atOnce;
    private final Deque<Runnable> sources = new ArrayDeque<>();
    private final Deque<Runnable> listeners = new ArrayDeque<>();
    private final NoticeBacklog<Runnable> notices = new NoticeBacklog<>(MAX_NOTICES_WAITING);
    private final int maxWaiting;
    private int sending;
    private long turns;
    /** Sources sent one after another while listeners waited; see {@link #SOURCE_TURNS_IN_A_ROW}. */
    private int sourcesInARow;
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
     * a {@link CancellationException}). A source or listener fails at once with {@link BackendBusyException} when its
     * line is full.
     */
    <T> CompletableFuture<T> send(Supplier<CompletableFuture<T>> request, Kind kind, BooleanSupplier wanted) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Runnable turn = () -> start(request, answer, wanted);
        synchronized (this) {
            if (sending < atOnce) {
                sending++;
            } else if (kind == Kind.NOTICE) {
                waitAsNotice(turn);
                return answer;
            } else {
                Deque<Runnable> line = kind == Kind.SOURCE ? sources : listeners;
                if (line.size() >= (kind == Kind.SOURCE ? MAX_SOURCES_WAITING : maxWaiting)) {
                    refused(kind, line.size());
                    return CompletableFuture.failedFuture(new BackendBusyException(backend));
                }
                line.add(turn);
                return answer;
            }
        }
        turn.run();
        return answer;
    }

    private void refused(Kind kind, int waiting) {
        if (!refusing) {
            refusing = true;
            log.warn("the authentication backend {} has {} {} requests waiting: new ones are refused until it catches up",
                    backend, waiting, kind.name().toLowerCase());
        }
    }

    private void waitAsNotice(Runnable turn) {
        if (notices.add(turn)) {
            log.warn("the authentication backend {} has {} notices waiting: the oldest are dropped until it catches up",
                    backend, MAX_NOTICES_WAITING);
        }
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
            next = nextTurn();
            if (next == null) {
                sending--;
                refusing = false;
                long dropped = notices.takeDropped();
                if (dropped > 0) {
                    log.warn("the authentication backend {} caught up; {} listener_remove notices were dropped", backend,
                            dropped);
                }
                return;
            }
        }
        ForkJoinPool.commonPool().execute(next);
    }

    private Runnable nextTurn() {
        turns++;
        if (turns % NOTICE_TURN == 0 && !notices.isEmpty()) {
            return notices.poll();
        }
        if (!sources.isEmpty() && (sourcesInARow < SOURCE_TURNS_IN_A_ROW || listeners.isEmpty())) {
            sourcesInARow++;
            return sources.poll();
        }
        sourcesInARow = 0;
        return listeners.isEmpty() ? notices.poll() : listeners.poll();
    }
}
