package io.relaycast.mount;

import java.util.Locale;

/** What a mount is playing right now, by priority: a live source beats any fallback. */
public enum OnAir {
    LIVE, FALLBACK_MOUNT, PLAYLIST, SILENCE, OFF;

    /** Lower case name for status output and metric tags. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
