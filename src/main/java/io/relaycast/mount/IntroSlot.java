package io.relaycast.mount;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The intro a mount's new listeners hear first, which a reload or a source connecting may replace while listeners on
 * every event loop read it. A listener reads the slot and takes its own views of the intro within one task on its
 * loop, so an intro replaced is released only once every listener loop has run a task after the replacement: by then
 * no listener is between reading the old intro and holding its views (the grace period of read-copy-update, with the
 * event loops' task queues as the readers' quiescent points).
 */
final class IntroSlot {

    private volatile Intro intro;

    /** What a new listener hears first, or null. */
    Intro get() {
        return intro;
    }

    /**
     * Puts {@code next} (null: no intro) in place; the intro it replaces is released after every loop of {@code feeds}
     * has run a task. A closed mount's slot stays as it is and {@code next} is released. Only on the mount's loop, or
     * before any listener comes.
     */
    void replace(Intro next, boolean mountClosed, List<LoopFeed> feeds) {
        if (mountClosed) {
            if (next != null) {
                next.release();
            }
            return;
        }
        Intro replaced = intro;
        intro = next;
        if (replaced != null && replaced != next) {
            afterEveryLoop(feeds).whenComplete((ignored, failure) -> replaced.release());
        }
    }

    /** Empties the slot and releases its intro: when the mount closes, once no listener is left to read it. */
    void clear() {
        Intro played = intro;
        intro = null;
        if (played != null) {
            played.release();
        }
    }

    /** Completes once every loop of {@code feeds} has run a task queued now (at once for a loop that has stopped). */
    private static CompletableFuture<Void> afterEveryLoop(List<LoopFeed> feeds) {
        CompletableFuture<?>[] passed = new CompletableFuture<?>[feeds.size()];
        for (int i = 0; i < feeds.size(); i++) {
            CompletableFuture<Void> pass = new CompletableFuture<>();
            passed[i] = pass;
            try {
                feeds.get(i).loop().execute(() -> pass.complete(null));
            } catch (RejectedExecutionException stopped) {
                pass.complete(null);
            }
        }
        return CompletableFuture.allOf(passed);
    }
}
