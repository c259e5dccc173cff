package io.relaycast.mount;

import io.relaycast.config.MountConfig;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who uses a mount: the listener places taken on it, and whoever else keeps it (a relay pulling into it, a mount falling
 * back to it). A mount nobody uses can be retired, after which no place can be taken on it. Any thread.
 */
final class Occupancy {

    /** Far below zero: a retired mount's places, which no listener can take and no move can bring back to zero. */
    private static final int RETIRED = Integer.MIN_VALUE / 2;

    private final AtomicInteger places = new AtomicInteger();
    private final Set<Object> keepers = new HashSet<>();
    private volatile Runnable onPlaceTaken = () -> { };

    /** Runs {@code hook} each time a place has been taken, on the taker's thread. */
    void whenPlaceTaken(Runnable hook) {
        onPlaceTaken = hook;
    }

    /** Takes a place unless {@code max} are taken ({@link MountConfig#NO_LIMIT}: no limit) or the mount is retired. */
    boolean tryTakePlace(int max) {
        while (true) {
            int taken = places.get();
            if (taken < 0 || max != MountConfig.NO_LIMIT && taken >= max) {
                return false;
            }
            if (places.compareAndSet(taken, taken + 1)) {
                onPlaceTaken.run();
                return true;
            }
        }
    }

    /** Takes a place whatever the limit. */
    void takePlace() {
        places.incrementAndGet();
        onPlaceTaken.run();
    }

    /** Gives a place back; true if that was the last one taken. */
    boolean leavePlace() {
        return places.decrementAndGet() == 0;
    }

    /** Whether listener places are taken now. */
    boolean placesTaken() {
        return places.get() > 0;
    }

    /** Whether nobody uses the mount now; a hint only, for deciding whether to try {@link #retire}. */
    boolean looksUnused() {
        return places.get() == 0;
    }

    synchronized void keep(Object keeper) {
        keepers.add(keeper);
    }

    synchronized void release(Object keeper) {
        keepers.remove(keeper);
    }

    /** Retires the mount if nobody uses it: true, and from then on no place can be taken. */
    synchronized boolean retire() {
        return keepers.isEmpty() && places.compareAndSet(0, RETIRED);
    }
}
