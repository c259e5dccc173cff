package io.relaycast.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Fallback mounts followed from one mount to the next. Mounts that fall back on each other in a circle would each wait
 * for the frames the other relays, and all of them would stay silent; so neither a config nor the admin may make one.
 */
public final class FallbackChain {

    private FallbackChain() {
    }

    /**
     * The circle of fallback mounts through {@code start}, from it back to it ({@code /a, /b, /a}), or an empty list if
     * following {@code fallbackOf} (a mount's fallback mount, or null) from {@code start} never comes back to it.
     */
    public static List<String> circleFrom(String start, UnaryOperator<String> fallbackOf) {
        List<String> chain = new ArrayList<>();
        for (String path = start; path != null; path = fallbackOf.apply(path)) {
            if (chain.contains(path)) {
                chain.add(path);
                return path.equals(start) ? chain : List.of();
            }
            chain.add(path);
        }
        return List.of();
    }
}
