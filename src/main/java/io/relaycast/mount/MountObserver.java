package io.relaycast.mount;

import io.relaycast.icy.IcyMetadata;

/**
 * Told, on the mount's event loop, when the live source comes and goes and when a title goes on the air; fallback
 * inputs (playlist, silence, another mount) use it to pause and resume, metrics to count switches, the playlist log to
 * write what played.
 */
public interface MountObserver {

    default void liveStarted(Mount mount, LiveSource source) {
    }

    default void liveEnded(Mount mount, LiveSource source) {
    }

    /**
     * {@code title} is on the air now: the live source's (or an admin's) update while it is live, or the title of what a
     * fallback plays (a playlist track, the fallback mount's title). Never one without a title.
     */
    default void titleShown(Mount mount, IcyMetadata title) {
    }
}
