package io.relaycast.config;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Icecast keeps a mount's join burst whatever its {@code <queue-size>} (the burst point holds on to its blocks), so a
 * queue smaller than the burst is, in effect, as large as the burst. relaycast refuses a queue that cannot hold the burst,
 * and one under 16 KiB; import-icecast raises such a queue to what Icecast keeps (at least 16 KiB), and says so.
 */
final class IcecastQueueSizes {

    private IcecastQueueSizes() {
    }

    /**
     * @param settings      the converted settings: the server's {@code queue-size} and {@code burst-size}
     * @param mounts        each converted mount's settings, by its path
     * @param mountDefaults each converted {@code mount-defaults} entry's settings, by its pattern
     * @param note          takes what was changed, and why
     */
    static void holdBursts(Map<String, Object> settings, Map<String, Map<String, Object>> mounts,
            Map<String, Map<String, Object>> mountDefaults, BiConsumer<String, String> note) {
        ServerConfig defaults = ServerConfig.defaults();
        Long burst = bytes(settings.get("burst-size"), defaults.burstSize().bytes());
        Long queue = holding(settings, "<limits>", bytes(settings.get("queue-size"), defaults.queueSize()), burst, note);
        if (burst == null || queue == null) {
            return; // not a number: relaycast says what is wrong with it
        }
        mounts.forEach((path, mount) -> holding(mount, "<mount> " + path, queue, burst, note));
        mountDefaults.forEach((pattern, mount) -> holding(mount, "<mount type=\"default\"> " + pattern, queue, burst, note));
    }

    /** The queue of {@code own}, raised to hold its burst if it is its own setting or it has a burst of its own. */
    private static Long holding(Map<String, Object> own, String where, Long queue, Long burst,
            BiConsumer<String, String> note) {
        Long ownQueue = bytes(own.get("queue-size"), queue);
        Long ownBurst = bytes(own.get("burst-size"), burst);
        if (ownQueue == null || ownBurst == null || !own.containsKey("queue-size") && !own.containsKey("burst-size")) {
            return ownQueue;
        }
        long kept = Math.max(ServerConfig.MIN_QUEUE_SIZE, ownBurst);
        if (ownQueue >= kept) {
            return ownQueue;
        }
        own.put("queue-size", kept);
        note.accept(where + ": <queue-size>" + ownQueue, ownQueue < ownBurst
                ? "smaller than the burst (" + ownBurst + " bytes), which Icecast keeps anyway: queue-size is " + kept
                : "relaycast keeps at least 16 KiB: queue-size is " + kept);
        return kept;
    }

    /** A setting's bytes, {@code otherwise} if it is not given; null if it is not a whole number. */
    private static Long bytes(Object setting, Long otherwise) {
        if (setting == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(setting.toString().trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
