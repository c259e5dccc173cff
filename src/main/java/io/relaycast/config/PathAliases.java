package io.relaycast.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Paths answered as other paths, as Icecast's {@code <alias source="/" destination="/live"/>}: an old mount name kept
 * for the players and links that still use it, {@code /} as the station's stream. Only listeners' and pages' requests
 * ({@code GET}, {@code HEAD}) are read so; sources stream to the mount they name. Exact paths, the query kept. An alias
 * may hold on one port only (and on one bind address), as Icecast's {@code port} and {@code bind-address}: the port a
 * connection came in on, of the server's ports; the first alias in order that holds is taken.
 *
 * @param aliases the aliases, in order
 */
public record PathAliases(List<Alias> aliases) {

    /** None. */
    public static final PathAliases NONE = new PathAliases(List.of());

    /**
     * One alias.
     *
     * @param on      where it holds: a port, and an address or null for any of the port's; null for every port
     * @param address {@code on}'s address, looked up once (given null, it is)
     */
    public record Alias(String source, String destination, ListenAddress on, InetAddress address) {

        /** An alias on {@code on} (null: on every port). */
        public Alias(String source, String destination, ListenAddress on) {
            this(source, destination, on, null);
        }

        public Alias {
            for (String path : new String[] {source, destination}) {
                if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#' || c == 0x7f)) {
                    throw new IllegalArgumentException("alias: a path starts with / and has no spaces, ? or #: " + path);
                }
            }
            if (source.equals(destination)) {
                throw new IllegalArgumentException("alias: " + source + " to itself");
            }
            if (on != null && on.port() == 0) {
                throw new IllegalArgumentException("alias: " + source + " on port 0");
            }
            if (address == null && on != null && on.bindAddress() != null) {
                address = lookUp(on.bindAddress());
            }
        }

        /** As written in an {@code --alias} option: {@code SOURCE=DESTINATION}, after the port if it has one. */
        public String pair() {
            return (on == null ? "" : on + " ") + source + "=" + destination;
        }

        boolean holdsOn(InetSocketAddress listening) {
            if (on == null) {
                return true;
            }
            if (listening == null || listening.getPort() != on.port()) {
                return false;
            }
            return address == null || address.equals(listening.getAddress());
        }
    }

    public PathAliases {
        aliases = List.copyOf(aliases);
        List<String> seen = new ArrayList<>();
        for (Alias alias : aliases) {
            String key = alias.on() + " " + alias.source();
            if (seen.contains(key)) {
                throw new IllegalArgumentException("alias: " + alias.source() + " is given twice"
                        + (alias.on() == null ? "" : " on " + alias.on()));
            }
            seen.add(key);
        }
    }

    /** Aliases on every port, destination by source path. */
    public static PathAliases of(Map<String, String> destinations) {
        List<Alias> aliases = new ArrayList<>();
        destinations.forEach((source, destination) -> aliases.add(new Alias(source, destination, null)));
        return new PathAliases(aliases);
    }

    /**
     * Aliases written {@code SOURCE=DESTINATION}, one per string, or {@code PORT SOURCE=DESTINATION} (or
     * {@code ADDRESS:PORT SOURCE=DESTINATION}) for one that holds on that port only; null or none for {@link #NONE}.
     */
    public static PathAliases parse(List<String> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return NONE;
        }
        List<Alias> aliases = new ArrayList<>();
        for (String pair : pairs) {
            String text = pair.strip();
            ListenAddress on = null;
            int space = text.indexOf(' ');
            if (space > 0) {
                on = port(text.substring(0, space));
                text = text.substring(space + 1).strip();
            }
            int equals = text.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("alias: an alias is written SOURCE=DESTINATION (/=/live), or PORT "
                        + "SOURCE=DESTINATION for one port, not " + pair);
            }
            aliases.add(new Alias(text.substring(0, equals).strip(), text.substring(equals + 1).strip(), on));
        }
        return new PathAliases(aliases);
    }

    private static ListenAddress port(String text) {
        try {
            return ListenAddress.parse(text);
        } catch (IllegalArgumentException notAPort) {
            throw new IllegalArgumentException("alias: the port an alias holds on is PORT, ADDRESS:PORT or [IPv6]:PORT "
                    + "(8001, 127.0.0.1:8001), not " + text, notAPort);
        }
    }

    private static InetAddress lookUp(String name) {
        try {
            return InetAddress.getByName(name);
        } catch (UnknownHostException unknown) {
            throw new IllegalArgumentException("alias: no such address: " + name, unknown);
        }
    }

    public boolean isEmpty() {
        return aliases.isEmpty();
    }

    /** These as {@code --alias} options write them. */
    public List<String> pairs() {
        return aliases.stream().map(Alias::pair).toList();
    }

    /**
     * {@code uri} with its path replaced by the destination of the first alias for it that holds on {@code listening}
     * (the address and port the server listens on that took the connection; null: unknown), its query kept; or null if
     * it is no alias there.
     */
    public String resolve(String uri, InetSocketAddress listening) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        for (Alias alias : aliases) {
            if (alias.source().equals(path) && alias.holdsOn(listening)) {
                return query < 0 ? alias.destination() : alias.destination() + uri.substring(query);
            }
        }
        return null;
    }
}
