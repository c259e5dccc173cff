package io.relaycast.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Icecast 2.4 merges a {@code <mount type="default">} into each {@code <mount>} it matches, but not its
 * {@code <authentication>} (cfgfile.c's merge_mounts leaves it out): the default mount's login holds only for the
 * mounts that have no {@code <mount>} of their own. relaycast's {@code mount-defaults} fill in every setting a mount of
 * the file leaves out, logins too; import-icecast gives each such mount its own "none" for them, and says so.
 */
final class IcecastDefaultMountLogins {

    /** What an Icecast {@code <authentication>} becomes in relaycast's mount settings. */
    private static final List<String> LOGIN_KEYS = List.of("listener-users", "listener-add-url", "listener-remove-url",
            "source-auth-url", "mount-add-url", "mount-remove-url", "allow-duplicate-users", "drop-existing-listener");

    private IcecastDefaultMountLogins() {
    }

    /**
     * @param mounts        each converted mount's settings, by its path
     * @param configured    the paths of the file's {@code <mount>}s (not those only a {@code <relay>} makes)
     * @param mountDefaults each converted {@code mount-defaults} entry's settings, by its pattern, in the file's order
     * @param note          takes what is not carried over, and why
     */
    static void keepOutOfConfiguredMounts(Map<String, Map<String, Object>> mounts, Set<String> configured,
            Map<String, Map<String, Object>> mountDefaults, BiConsumer<String, String> note) {
        for (String path : configured) {
            mountDefaults.entrySet().stream()
                    .filter(entry -> MountDefaults.regex(entry.getKey()).matcher(path).matches()).findFirst()
                    .ifPresent(entry -> keepOut(path, mounts.get(path), entry.getKey(), entry.getValue(), note));
        }
    }

    private static void keepOut(String path, Map<String, Object> mount, String pattern, Map<String, Object> defaults,
            BiConsumer<String, String> note) {
        List<String> notTaken = LOGIN_KEYS.stream().filter(defaults::containsKey).filter(key -> !mount.containsKey(key))
                .toList();
        if (notTaken.isEmpty()) {
            return;
        }
        notTaken.forEach(key -> mount.put(key, none(key)));
        note.accept("<mount> " + path + ": the <authentication> of <mount type=\"default\"> " + pattern, "not taken, as in "
                + "Icecast 2.4, which merges no default mount's login into a <mount>: " + String.join(", ", notTaken)
                + " set to none");
    }

    /** A login setting's value that takes nothing from {@code mount-defaults}: null, or what holds without a login. */
    private static Object none(String key) {
        return switch (key) {
            case "allow-duplicate-users" -> true;
            case "drop-existing-listener" -> false;
            default -> null;
        };
    }
}
