package io.relaycast.hooks;

import io.relaycast.auth.NoticeBacklog;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each mount's notices to its web backend one after another, each once the one before is answered or has failed,
 * as Icecast sends them from its one authentication thread. Sent side by side, a {@code mount_remove} answered slowly,
 * or sent again after a kept-alive connection turned out dead, would land after the {@code mount_add} that followed it
 * at a handover, and the station's site would show the mount off air while a DJ is live. The order is kept by mount
 * path, not by {@code Mount} object: a mount a source made is retired when it leaves and nobody listens, and the next
 * source's is a new one. A path is held only while one of its notices is out, so mounts that come and go leave nothing
 * behind. At most {@value #MAX_WAITING} wait per mount (a backend down for long, a source coming and going); past them
 * the oldest are dropped, counted in the log, so that the latest, which say who is live now, are sent.
 */
final class NoticesInOrder {

    /** Notices of one mount that may wait for those before them. */
    static final int MAX_WAITING = 1_000;

    private static final Logger log = LoggerFactory.getLogger(NoticesInOrder.class);

    /** Mount path to the notices waiting for the one out: only mounts with a notice out. */
    private final Map<String, NoticeBacklog<Supplier<CompletableFuture<?>>>> sending = new HashMap<>();

    /** Sends {@code notice} for {@code mount} (its path) once the mount's notices before it are done. */
    void send(String mount, Supplier<CompletableFuture<?>> notice) {
        synchronized (this) {
            NoticeBacklog<Supplier<CompletableFuture<?>>> waiting = sending.get(mount);
            if (waiting != null) {
                if (waiting.add(notice)) {
                    log.warn("mount {}: {} notices wait for the web backend: the oldest are dropped until it catches up",
                            mount, MAX_WAITING);
                }
                return;
            }
            sending.put(mount, new NoticeBacklog<>(MAX_WAITING));
        }
        start(mount, notice);
    }

    private void start(String mount, Supplier<CompletableFuture<?>> notice) {
        CompletableFuture<?> sent;
        try {
            sent = notice.get();
        } catch (RuntimeException cannotSend) {
            sent = CompletableFuture.failedFuture(cannotSend);
        }
        sent.whenComplete((answer, failure) -> next(mount));
    }

    private void next(String mount) {
        Supplier<CompletableFuture<?>> notice;
        synchronized (this) {
            NoticeBacklog<Supplier<CompletableFuture<?>>> waiting = sending.get(mount);
            notice = waiting.poll();
            if (notice == null) {
                sending.remove(mount);
                long dropped = waiting.takeDropped();
                if (dropped > 0) {
                    log.warn("mount {}: {} notices to the web backend were dropped while it was behind", mount, dropped);
                }
                return;
            }
        }
        start(mount, notice);
    }
}
