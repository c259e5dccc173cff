package io.relaycast.mount;

import io.relaycast.icy.IcyMetadata;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Title updates sent to a mount while a source waits to take it, kept for that source: an encoder that reconnects at
 * once (a SHOUTcast v1 encoder sends its title as soon as it hears {@code OK2}) sends its title while its old connection
 * still holds the mount, and the new connection, which starts without a title, would lose it. Kept a short while only,
 * and only while a source waits: a waiting source takes the mount within its grace, or is refused, and a source that
 * takes the mount without having waited starts without a title, as any new source does.
 */
final class WaitingTitles {

    static final Duration KEPT = Duration.ofSeconds(10);

    private final ConcurrentMap<String, Kept> titles = new ConcurrentHashMap<>();

    private record Kept(IcyMetadata metadata, long atNanos) {
    }

    void keep(String path, IcyMetadata metadata) {
        titles.put(path, new Kept(metadata, System.nanoTime()));
    }

    /** No source waits for the mount at {@code path} any more: the title kept for one is dropped. */
    void forget(String path) {
        titles.remove(path);
    }

    /** The title kept for the source that has now taken the mount at {@code path}, or null; forgotten either way. */
    IcyMetadata take(String path) {
        Kept kept = titles.remove(path);
        return kept == null || System.nanoTime() - kept.atNanos() > KEPT.toNanos() ? null : kept.metadata();
    }
}
