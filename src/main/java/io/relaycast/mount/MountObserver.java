package io.relaycast.mount;

/**
 * Told, on the mount's event loop, when the live source comes and goes; fallback inputs (playlist, silence, another
 * mount) use it to pause and resume, metrics to count switches.
 */
public interface MountObserver {

    default void liveStarted(Mount mount, LiveSource source) {
    }

    default void liveEnded(Mount mount, LiveSource source) {
    }
}
