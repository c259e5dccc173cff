package io.relaycast.mount;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The mounts that fall back to one mount ({@link FallbackPacer#relayFrom}). Their listeners hear it while nobody is live
 * there, as Icecast moves a mount's listeners onto its fallback mount, so they count as its audience: what makes a relay
 * on demand connect when the mount it pulls into is another's fallback. Any thread.
 */
final class FallbackAudience {

    private final List<Mount> fallingBack = new CopyOnWriteArrayList<>();

    /** {@code other} relays this mount while nobody is live there ({@code falls}), or no longer does. */
    void follow(Mount other, boolean falls) {
        fallingBack.remove(other);
        if (falls) {
            fallingBack.add(other);
        }
    }

    /**
     * Whether a mount relaying this one, with nobody live there, wants its fallback to play ({@code depth}: how many
     * more mounts away to look).
     */
    boolean followerWants(int depth) {
        return fallingBack.stream().anyMatch(other -> other.liveSource() == null && !other.isClosed()
                && other.fallback() != null && other.fallback().wanted(depth));
    }

    /**
     * Whether {@code target} has listeners, or a mount that falls back to it (however many fallbacks away, each with
     * nobody live) has; a ring of fallbacks an admin may have made is walked once.
     */
    static boolean hears(Mount target) {
        Set<Mount> seen = new HashSet<>();
        Deque<Mount> next = new ArrayDeque<>(List.of(target));
        while (!next.isEmpty()) {
            Mount mount = next.poll();
            if (!seen.add(mount)) {
                continue;
            }
            if (mount.stats().currentListeners() > 0) {
                return true;
            }
            mount.audience().fallingBack.stream().filter(other -> other.liveSource() == null && !other.isClosed())
                    .forEach(next::add);
        }
        return false;
    }
}
