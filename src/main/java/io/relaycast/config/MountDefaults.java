package io.relaycast.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Settings for the mounts whose path matches {@code pattern}, as Icecast's {@code <mount type="default">}: they fill in
 * what a mount of the config file leaves out, and they are the settings of a mount nobody configured (one a source
 * makes by going live on it, or a master's relay). The first entry that matches a path is the one that applies.
 *
 * @param pattern  a glob on mount paths: {@code *} any characters but {@code /}, {@code **} any characters,
 *                 {@code ?} one character but {@code /}, {@code [abc]} or {@code [!abc]} one of (or none of) a set;
 *                 {@code /**} matches every mount
 * @param settings the settings, as a mount's ({@link MountConfig#path()} is the pattern); what decides a mount's inputs
 *                 (playlist, relay, recording, intro) is the mount's own and never among them
 */
public record MountDefaults(String pattern, MountConfig settings) {

    /** Each pattern read, compiled once: a few per config file. */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    public MountDefaults {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(settings, "settings");
        if (!pattern.startsWith("/") || pattern.length() < 2) {
            throw new IllegalArgumentException("mount-defaults: a pattern must start with / as mount paths do (/** for "
                    + "every mount): " + pattern);
        }
    }

    /** Whether the mount at {@code path} takes these settings (if no entry before matches it). */
    public boolean matches(String path) {
        return COMPILED.computeIfAbsent(pattern, MountDefaults::regex).matcher(path).matches();
    }

    /** The settings the mount at {@code path} takes: those of the first entry of {@code defaults} matching it, or null. */
    public static MountConfig settingsFor(List<MountDefaults> defaults, String path) {
        for (MountDefaults entry : defaults) {
            if (entry.matches(path)) {
                return entry.settings().forPath(path);
            }
        }
        return null;
    }

    /** The first entry of {@code defaults} that matches {@code path}, or null. */
    public static MountDefaults first(List<MountDefaults> defaults, String path) {
        return defaults.stream().filter(entry -> entry.matches(path)).findFirst().orElse(null);
    }

    /** {@code glob} as a regular expression, as fnmatch(3) with {@code FNM_PATHNAME} reads it, plus {@code **}. */
    static Pattern regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        regex.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, end);
                        boolean negated = set.startsWith("!") || set.startsWith("^");
                        String members = negated ? set.substring(1) : set;
                        regex.append(negated ? "[^/" : "[").append(members.replace("\\", "\\\\").replace("[", "\\["))
                                .append(']');
                        i = end;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
