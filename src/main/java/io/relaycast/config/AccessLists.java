package io.relaycast.config;

import java.nio.file.Path;

/**
 * Files of client addresses, as Icecast's {@code <deny-ip>} and {@code <allow-ip>}: one address or CIDR network per
 * line, read again when they change.
 *
 * @param denyFile  addresses refused at connection, or null
 * @param allowFile the only addresses let in, or null for all
 */
public record AccessLists(Path denyFile, Path allowFile) {

    public static final AccessLists NONE = new AccessLists(null, null);
}
