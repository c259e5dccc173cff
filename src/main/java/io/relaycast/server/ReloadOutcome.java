package io.relaycast.server;

import java.util.List;

/**
 * What a config reload did, as the admin is told.
 *
 * @param reloaded whether the config read again is in force now; if not, the old one still is, untouched
 * @param message  what happened, for the admin: the settings that need a restart, or why the config was rejected
 */
public record ReloadOutcome(boolean reloaded, String message) {

    static ReloadOutcome reloaded(List<String> needsRestart) {
        return new ReloadOutcome(true, needsRestart.isEmpty() ? "Config reloaded"
                : "Config reloaded; needs a restart: " + String.join(", ", needsRestart));
    }

    static ReloadOutcome rejected(String reason) {
        return new ReloadOutcome(false, "Config not reloaded, still running on the old one: " + reason);
    }

    static ReloadOutcome nothingToReload() {
        return new ReloadOutcome(false, "Nothing to reload: the server was started without a config file");
    }
}
