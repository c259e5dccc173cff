package io.relaycast.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server settings of a config file, at the top level or under {@code limits:}, as the text of the command-line
 * options they are named after. A file or folder a setting names is relative to the config file's folder, as a mount's
 * playlist is, not to the server's working directory: under the shipped systemd unit that is /var/lib/relaycast, not
 * /etc/relaycast where the file and what it names sit.
 */
final class FileOptions {

    /** Settings that may hold several values: a YAML list, given to the option comma-separated. */
    private static final Set<String> LIST_KEYS = Set.of("yp-url", "trusted-proxy", "alias", "extra-port");

    /** Settings naming a file or folder: every option whose value is a path. */
    private static final Set<String> PATH_KEYS = Set.of("web-root", "playlist-log", "access-log", "error-log", "deny-ip",
            "allow-ip", "tls-certificate", "tls-key", "relay-ca", "playlist");

    /** Logs whose {@code "-"} is their standard stream, as in Icecast: not a file named "-" next to the config. */
    private static final Set<String> LOG_KEYS = Set.of("playlist-log", "access-log", "error-log");

    private final Path file;
    private final Path base;
    private final Map<String, Integer> lines;
    private final Map<String, String> options = new LinkedHashMap<>();

    private FileOptions(Path file, Map<String, Integer> lines) {
        this.file = file;
        this.base = file.toAbsolutePath().getParent();
        this.lines = lines;
    }

    /**
     * The settings of {@code root}, the file's top-level mapping, by option name, in file order; {@code lines} says where
     * each is. A setting given twice (at the top level and under {@code limits:}, or as {@code alias} and
     * {@code aliases}) is refused, rather than the later silently winning.
     */
    static Map<String, String> read(JsonNode root, Path file, Map<String, Integer> lines) {
        FileOptions reader = new FileOptions(file, lines);
        root.fields().forEachRemaining(entry -> reader.read(entry.getKey(), entry.getValue()));
        return reader.options;
    }

    private void read(String key, JsonNode value) {
        switch (key) {
            case "mounts", ConfigFile.MOUNT_DEFAULTS -> { }
            case "limits" -> limits(value);
            case "aliases" -> put("alias", aliases(value, file), key);
            case ConfigFile.HTTP_HEADERS -> put(key, String.join("\n", topLevelHeaderLines(value, file)), key);
            default -> put(key, setting(key, value, key), key);
        }
    }

    /** {@code limits:}, settings as at the top level: {@code limits: 1000} is refused, as it sets nothing. */
    private void limits(JsonNode limits) {
        if (!limits.isObject() && !ConfigFile.isNothing(limits)) {
            throw new IllegalArgumentException("config file " + file + ": 'limits' must be a mapping of settings "
                    + "(max-listeners: 100), not " + limits.asText());
        }
        limits.fields().forEachRemaining(limit -> {
            String where = "limits." + limit.getKey();
            put(limit.getKey(), setting(limit.getKey(), limit.getValue(), where), where);
        });
    }

    /** The option text of setting {@code key}, given as {@code where} in the file; null for a path left blank. */
    private String setting(String key, JsonNode value, String where) {
        if (LIST_KEYS.contains(key)) {
            return list(value, where, file);
        }
        String text = scalar(value, where, file);
        if (!PATH_KEYS.contains(key) || LOG_KEYS.contains(key) && "-".equals(text)) {
            return text;
        }
        return ConfigFile.resolved(base, text);
    }

    private void put(String option, String value, String where) {
        if (options.containsKey(option)) {
            Integer line = lines.get(option);
            throw new IllegalArgumentException("config file " + file + (line == null ? "" : ", line " + line) + ": '" + where
                    + "' gives " + option + " again: a setting is given once");
        }
        if (value != null) {
            options.put(option, value);
        }
    }

    private static List<String> topLevelHeaderLines(JsonNode node, Path file) {
        try {
            List<String> lines = ConfigFile.headerLines(node);
            ResponseHeaders.parse(lines);
            return lines;
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("config file " + file + ": " + invalid.getMessage(), invalid);
        }
    }

    /**
     * {@code aliases} as the option's {@code [PORT ]SOURCE=DESTINATION} pairs: a mapping of source paths to destinations
     * (or to a mapping of {@code destination}, {@code port} and {@code bind-address}), or a list of such mappings with
     * a {@code source} each (a list can give a path again for another port).
     */
    private static String aliases(JsonNode node, Path file) {
        List<String> pairs = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(alias -> pairs.add(alias.getValue().isObject()
                    ? aliasPair(alias.getKey(), alias.getValue(), file)
                    : alias.getKey() + "=" + scalar(alias.getValue(), "aliases." + alias.getKey(), file)));
        } else if (node.isArray()) {
            node.forEach(alias -> pairs.add(alias.isObject()
                    ? aliasPair(scalar(alias.path("source"), "aliases[].source", file), alias, file)
                    : scalar(alias, "aliases[]", file)));
        } else {
            throw new IllegalArgumentException("config file " + file + ": 'aliases' must map paths to paths (/: /live)");
        }
        return String.join(",", pairs);
    }

    /** One alias given as a mapping of {@code destination}, {@code port} and {@code bind-address} (and its source). */
    private static String aliasPair(String source, JsonNode alias, Path file) {
        String key = "aliases." + source;
        alias.fieldNames().forEachRemaining(field -> {
            if (!Set.of("source", "destination", "port", "bind-address").contains(field)) {
                throw new IllegalArgumentException("config file " + file + ": '" + key + "' has destination, port and "
                        + "bind-address, not " + field);
            }
        });
        String destination = scalar(alias.path("destination"), key + ".destination", file);
        String port = alias.hasNonNull("port") ? scalar(alias.get("port"), key + ".port", file) : null;
        String bind = alias.hasNonNull("bind-address") ? scalar(alias.get("bind-address"), key + ".bind-address", file) : null;
        if (port == null && bind != null) {
            throw new IllegalArgumentException("config file " + file + ": '" + key + "' has a bind-address and no port");
        }
        if (port == null) {
            return source + "=" + destination;
        }
        String host = bind == null ? "" : (bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind) + ":";
        return host + port + " " + source + "=" + destination;
    }

    private static String list(JsonNode node, String key, Path file) {
        if (!node.isArray()) {
            return scalar(node, key, file);
        }
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(scalar(value, key, file)));
        return String.join(",", values);
    }

    /**
     * A setting's one value. One left empty ({@code admin-password:}, or {@code ~}) is YAML's null, refused rather than
     * read as the word "null": a password anybody could guess.
     */
    private static String scalar(JsonNode node, String key, Path file) {
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("config file " + file + ": '" + key + "' is missing");
        }
        if (node.isNull()) {
            throw new IllegalArgumentException("config file " + file + ": '" + key + "' has no value");
        }
        if (!node.isValueNode()) {
            throw new IllegalArgumentException("config file " + file + ": '" + key + "' must be a single value");
        }
        return node.asText();
    }
}
