package io.relaycast.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paths answered as other paths, as Icecast's {@code <alias source="/" destination="/live"/>}: an old mount name kept
 * for the players and links that still use it, {@code /} as the station's stream. Only listeners' and pages' requests
 * ({@code GET}, {@code HEAD}) are read so; sources stream to the mount they name. Exact paths, the query kept.
 *
 * @param aliases destination by source path
 */
public record PathAliases(Map<String, String> aliases) {

    /** None. */
    public static final PathAliases NONE = new PathAliases(Map.of());

    public PathAliases {
        aliases = Map.copyOf(aliases);
        aliases.forEach((source, destination) -> {
            for (String path : new String[] {source, destination}) {
                if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#' || c == 0x7f)) {
                    throw new IllegalArgumentException("alias: a path starts with / and has no spaces, ? or #: " + path);
                }
            }
            if (source.equals(destination)) {
                throw new IllegalArgumentException("alias: " + source + " to itself");
            }
        });
    }

    /** Aliases written {@code SOURCE=DESTINATION}, one per string; null or none for {@link #NONE}. */
    public static PathAliases parse(List<String> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return NONE;
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("alias: an alias is written SOURCE=DESTINATION (/=/live), not " + pair);
            }
            String source = pair.substring(0, equals).strip();
            if (aliases.put(source, pair.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("alias: " + source + " is given twice");
            }
        }
        return new PathAliases(aliases);
    }

    public boolean isEmpty() {
        return aliases.isEmpty();
    }

    /** {@code uri} with its path replaced by the alias's destination, its query kept; or null if it is no alias. */
    public String resolve(String uri) {
        int query = uri.indexOf('?');
        String destination = aliases.get(query < 0 ? uri : uri.substring(0, query));
        if (destination == null) {
            return null;
        }
        return query < 0 ? destination : destination + uri.substring(query);
    }
}
