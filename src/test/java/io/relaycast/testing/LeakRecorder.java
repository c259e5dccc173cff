package io.relaycast.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every resource leak Netty's detectors reported in this JVM, kept until a test drains it.
 *
 * <p>Netty only logs leaks; {@link LeakDetectionExtension} fails the test class on anything recorded here. A test that
 * leaks on purpose removes its own leak with {@link #drainMatching(String)} so the suite stays green.
 */
public final class LeakRecorder {

    private static final Queue<Leak> LEAKS = new ConcurrentLinkedQueue<>();
    private static final Set<String> DETECTOR_TYPES = ConcurrentHashMap.newKeySet();

    private LeakRecorder() {
    }

    /**
     * One reported leak.
     *
     * @param resourceType the simple class name Netty reports, e.g. {@code ByteBuf}
     * @param records the access records (allocation and touch points), empty when the leak was not traced
     */
    public record Leak(String resourceType, String records) {

        /** A readable description for failure messages. */
        public String describe() {
            return records.isEmpty()
                    ? "LEAK: " + resourceType + " released without trace records (raise io.netty.leakDetection.level)"
                    : "LEAK: " + resourceType + records;
        }
    }

    /** Removes and returns every leak recorded so far. */
    public static List<Leak> drain() {
        List<Leak> drained = new ArrayList<>();
        for (Leak leak = LEAKS.poll(); leak != null; leak = LEAKS.poll()) {
            drained.add(leak);
        }
        return drained;
    }

    /** Removes and returns the leaks whose records contain {@code marker} (e.g. a hint given to {@code touch}). */
    public static List<Leak> drainMatching(String marker) {
        List<Leak> drained = new ArrayList<>();
        for (Iterator<Leak> it = LEAKS.iterator(); it.hasNext();) {
            Leak leak = it.next();
            if (leak.records().contains(marker)) {
                it.remove();
                drained.add(leak);
            }
        }
        return drained;
    }

    /** Whether a recording detector was created for {@code resourceType}, i.e. its leaks reach this recorder. */
    public static boolean recordsLeaksOf(Class<?> resourceType) {
        return DETECTOR_TYPES.contains(resourceType.getName());
    }

    static void record(Leak leak) {
        LEAKS.add(leak);
    }

    static void detectorCreated(Class<?> resourceType) {
        DETECTOR_TYPES.add(resourceType.getName());
    }
}
