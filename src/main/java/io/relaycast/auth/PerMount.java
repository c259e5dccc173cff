package io.relaycast.auth;

import io.relaycast.config.MountConfig;
import io.relaycast.config.MountDefaults;
import io.relaycast.config.ServerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One setting of every mount, made once per config: a configured mount's own, else that of the first
 * {@code mount-defaults} entry whose pattern matches the mount (one value shared by all the mounts it matches), else none.
 *
 * @param <T> what the setting is made into (a password, a users file read, a backend to ask)
 */
final class PerMount<T> {

    private final Set<String> configured;
    private final Map<String, T> ownValues;
    private final List<MountDefaults> patterns;
    private final List<T> patternValues;

    private PerMount(Set<String> configured, Map<String, T> ownValues, List<MountDefaults> patterns, List<T> patternValues) {
        this.configured = Set.copyOf(configured);
        this.ownValues = Map.copyOf(ownValues);
        this.patterns = List.copyOf(patterns);
        this.patternValues = patternValues;
    }

    /** {@code setting} (null where a mount has none) of each mount of {@code config} and of each mount-defaults entry. */
    static <T> PerMount<T> of(ServerConfig config, Function<MountConfig, T> setting) {
        Map<String, T> own = new HashMap<>();
        for (MountConfig mount : config.mounts()) {
            T value = setting.apply(mount);
            if (value != null) {
                own.put(mount.path(), value);
            }
        }
        List<T> values = new ArrayList<>();
        config.mountDefaults().forEach(entry -> values.add(setting.apply(entry.settings())));
        return new PerMount<>(config.mounts().stream().map(MountConfig::path).collect(Collectors.toSet()), own,
                config.mountDefaults(), values);
    }

    /** The mounts of {@code values} with theirs, and no defaults for any other. */
    static <T> PerMount<T> of(Map<String, T> values) {
        return new PerMount<>(values.keySet(), values, List.of(), List.of());
    }

    /** The setting of the mount at {@code path}, or null if it has none. */
    T get(String path) {
        if (configured.contains(path)) {
            return ownValues.get(path);
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matches(path)) {
                return patternValues.get(i);
            }
        }
        return null;
    }

    /** {@link #get}, or {@code otherwise} if the mount has none. */
    T getOrDefault(String path, T otherwise) {
        T value = get(path);
        return value != null ? value : otherwise;
    }
}
