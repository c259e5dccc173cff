package io.relaycast.mount;

import io.relaycast.icy.IcyMetadata;
import io.relaycast.mp3.Mp3Frame;

/**
 * Something a {@link FallbackPacer} can play while no live source holds the mount, such as a playlist. It is polled on
 * the mount's loop, one frame each time one is due; it must never block there.
 */
public interface FallbackInput {

    /** The next whole frame (the caller takes ownership), or null when it has none right now. Mount loop only. */
    Mp3Frame poll();

    /** The title to show while this input plays; read after each {@link #poll()}. */
    IcyMetadata metadata();

    /** What the mount says it plays while this input feeds it. */
    OnAir kind();

    /** Called on the mount's loop when the fallback takes over again after a live source left. */
    default void resuming() {
    }
}
