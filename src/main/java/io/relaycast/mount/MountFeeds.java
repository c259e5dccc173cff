package io.relaycast.mount;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A mount's {@link LoopFeed}s, one per event loop that serves listeners, each given its chunks on its own loop. */
final class MountFeeds {

    private static final Logger log = LoggerFactory.getLogger(MountFeeds.class);

    private final String path;
    private final List<LoopFeed> feeds;

    MountFeeds(String path, List<EventLoop> loops, long queueBytes, MountStats stats) {
        this.path = path;
        List<LoopFeed> created = new ArrayList<>(loops.size());
        for (EventLoop each : loops) {
            created.add(new LoopFeed(each, queueBytes, stats, path));
        }
        this.feeds = List.copyOf(created);
    }

    List<LoopFeed> all() {
        return feeds;
    }

    /** The feed of the given event loop, where that loop's listeners attach. */
    LoopFeed feedFor(EventLoop listenerLoop) {
        for (LoopFeed feed : feeds) {
            if (feed.loop() == listenerLoop) {
                return feed;
            }
        }
        throw new IllegalArgumentException("event loop " + listenerLoop + " does not serve mount " + path);
    }

    /** Hands {@code chunk} to every feed, on its loop, and lets go of the caller's reference; {@code flush}: see append. */
    void distribute(Chunk chunk, boolean flush) {
        for (LoopFeed feed : feeds) {
            chunk.data().retain();
            try {
                onFeedLoop(feed, () -> feed.append(chunk, flush));
            } catch (RejectedExecutionException shuttingDown) {
                chunk.data().release();
                log.debug("mount {}: event loop shut down, chunk {} not delivered", path, chunk.sequence());
            }
        }
        chunk.data().release();
    }

    /** Every listener writes what it has pending. */
    void flush() {
        for (LoopFeed feed : feeds) {
            try {
                onFeedLoop(feed, feed::flush);
            } catch (RejectedExecutionException shuttingDown) {
                log.debug("mount {}: event loop shut down, flush dropped", path);
            }
        }
    }

    /** Every feed drops its audio, on its loop; completes once all have. */
    CompletableFuture<Void> close() {
        CompletableFuture<?>[] feedsClosed = new CompletableFuture<?>[feeds.size()];
        for (int i = 0; i < feeds.size(); i++) {
            LoopFeed feed = feeds.get(i);
            CompletableFuture<Void> feedClosed = new CompletableFuture<>();
            feedsClosed[i] = feedClosed;
            onFeedLoop(feed, () -> {
                feed.close();
                feedClosed.complete(null);
            });
        }
        return CompletableFuture.allOf(feedsClosed);
    }

    private static void onFeedLoop(LoopFeed feed, Runnable task) {
        if (feed.loop().inEventLoop()) {
            task.run();
        } else {
            feed.loop().execute(task);
        }
    }
}
