package io.relaycast.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.relaycast.mp3.SampleFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The YAML config file ({@code --config relaycast.yaml}; see {@code relaycast.example.yaml}): server settings named like
 * the command-line options (top level or under {@code limits:}), and {@code mounts:} by path with per-mount source
 * passwords, playlists and fallback mounts. The command line and the environment override the file's settings.
 *
 * @param options server settings by option name without dashes ({@code port}, {@code max-listeners}), as text
 * @param mounts  the configured mounts, in file order, with the {@code mount-defaults:} that match each filled in
 * @param lines   the line each server setting is on, so that a value the option cannot take is reported where it is
 * @param mountDefaults {@code mount-defaults:}, in file order: settings by mount path pattern for mounts not in the file
 */
public record ConfigFile(Map<String, String> options, List<MountConfig> mounts, Map<String, Integer> lines,
                         List<MountDefaults> mountDefaults) {

    /** Headers added to answers: a YAML mapping of names to values (or a list of {@code Name: value}). */
    static final String HTTP_HEADERS = "http-headers";

    private static final Set<String> MOUNT_KEYS = Set.of("password", "playlist", "shuffle", "resume", "fallback-mount",
            "rescan", "relay", "stream-name", "stream-description", "genre", "stream-url", "public", "max-listeners",
            "intro", "burst-size", "max-listener-duration", "listener-users", "listener-add-url", "listener-remove-url",
            "hidden", "on-connect", "on-disconnect", "dump-file", "relay-on-demand", "fallback-when-full",
            "conform", "sample-rate", "channels", "username", "source-auth-url", "mount-add-url",
            "mount-remove-url", HTTP_HEADERS, "metaint", "allow-duplicate-users", "drop-existing-listener",
            "charset", "bitrate", "source-timeout", "queue-size");

    static final String MOUNT_DEFAULTS = "mount-defaults";

    /**
     * What decides a mount's own inputs and files: never a default for many mounts (two mounts would record into one
     * file, play one playlist's reader, pull one relay).
     */
    private static final Set<String> PER_MOUNT_ONLY_KEYS = Set.of("playlist", "shuffle", "resume", "rescan", "relay",
            "relay-on-demand", "dump-file");

    public ConfigFile {
        options = Map.copyOf(options);
        mounts = List.copyOf(mounts);
        lines = Map.copyOf(lines);
        mountDefaults = List.copyOf(mountDefaults);
    }

    public ConfigFile(Map<String, String> options, List<MountConfig> mounts) {
        this(options, mounts, Map.of(), List.of());
    }

    /** Where a server setting is, for an error message: {@code ", line 3"}, or nothing if unknown. */
    public String lineOf(String option) {
        Integer line = lines.get(option);
        return line == null ? "" : ", line " + line;
    }

    /**
     * Reads {@code file}; an unreadable, malformed or empty file is an {@link IllegalArgumentException} saying where. An
     * empty file (or one of comments only) is refused rather than read as "all defaults", as Icecast refuses an empty
     * document: it is what a reload sees of a file caught while being rewritten, and taking it would put the default
     * passwords in force. A key given twice in one mapping (a mount pasted again, a setting repeated) is refused with its
     * line, rather than the last one silently winning.
     */
    public static ConfigFile load(Path file) {
        JsonNode root;
        Map<String, Integer> lines;
        try {
            YAMLFactory yaml = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            try (JsonParser parser = yaml.createParser(file.toFile())) {
                root = parser.nextToken() == null ? null : asWritten(parser);
            }
            lines = settingLines(yaml, file);
        } catch (JsonProcessingException malformed) {
            throw new IllegalArgumentException("config file " + file + where(malformed.getLocation()) + ": "
                    + malformed.getOriginalMessage().lines().findFirst().orElse("not YAML"), malformed);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new IllegalArgumentException("config file " + file + " is empty");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("config file " + file + ": expected a mapping at the top level");
        }
        Map<String, String> options = FileOptions.read(root, file, lines);
        List<MountConfig> mounts = new ArrayList<>();
        Path base = file.toAbsolutePath().getParent();
        Map<String, ObjectNode> defaults = mountDefaults(root.get(MOUNT_DEFAULTS), file);
        List<MountDefaults> mountDefaults = new ArrayList<>();
        defaults.forEach((pattern, node) -> mountDefaults.add(defaults(pattern, node, base, file)));
        JsonNode mountsNode = root.get("mounts");
        if (mountsNode != null) {
            mounts.addAll(mounts(mountsNode, defaults, base, file));
        }
        return new ConfigFile(options, mounts, lines, mountDefaults);
    }

    /** One line for the log, where YAML's own message spans several. */
    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : ", line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * The YAML at {@code parser}'s token as a tree whose every value is the text it was written as: YAML 1.1 reads
     * {@code 0123} as 83, {@code 1e5} as 100000.0 and {@code yes} as true, and a password must stay what it says. What
     * the setting is (a number, a flag) is for its reader to say.
     */
    private static JsonNode asWritten(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, asWritten(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(asWritten(parser));
                }
                return array;
            }
            case VALUE_NULL -> {
                return NullNode.getInstance();
            }
            default -> {
                return TextNode.valueOf(parser.getText());
            }
        }
    }

    /** {@code text} as {@code true} or {@code false} if it is one of YAML's yes/no words, else as it is. */
    public static String yesOrNo(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "on" -> "true";
            case "false", "no", "n", "off" -> "false";
            default -> text;
        };
    }

    /** The line of each key at the top level and under {@code limits:}: the tree read above keeps no positions. */
    private static Map<String, Integer> settingLines(YAMLFactory yaml, Path file) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = yaml.createParser(file.toFile())) {
            int depth = 0;
            String section = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME && (depth == 1 || depth == 2 && "limits".equals(section))) {
                    section = depth == 1 ? parser.currentName() : section;
                    lines.putIfAbsent(parser.currentName(), parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    private static List<MountConfig> mounts(JsonNode node, Map<String, ObjectNode> defaults, Path base, Path file) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("config file " + file + ": 'mounts' must map mount paths to settings");
        }
        List<MountConfig> mounts = new ArrayList<>();
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isObject() && !isNothing(entry.getValue())) {
                // /live: /srv/music, or /live: secret, taken as a mount without settings would play nothing, open to all.
                throw new IllegalArgumentException("config file " + file + ", mounts." + entry.getKey()
                        + ": must be a mapping of mount settings (password:, playlist:), or nothing");
            }
            mounts.add(mount(entry.getKey(), withDefaults(entry.getKey(), entry.getValue(), defaults), base, file,
                    "mounts." + entry.getKey()));
        });
        return mounts;
    }

    /** A key given nothing: {@code limits:} or {@code /live:} with no value (read as empty text), or {@code ~}. */
    static boolean isNothing(JsonNode node) {
        return node.isNull() || node.isTextual() && node.asText().isEmpty();
    }

    /**
     * {@code mount-defaults:}: patterns of mount paths to settings, in file order (the first that matches a mount is the
     * one it takes). A setting that decides a mount's own inputs is refused there, with the reason.
     */
    private static Map<String, ObjectNode> mountDefaults(JsonNode node, Path file) {
        Map<String, ObjectNode> defaults = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("config file " + file + ": '" + MOUNT_DEFAULTS + "' must map mount path "
                    + "patterns (/dj-*, /** for every mount) to settings");
        }
        node.fields().forEachRemaining(entry -> {
            String where = "config file " + file + ", " + MOUNT_DEFAULTS + "." + entry.getKey();
            JsonNode settings = entry.getValue();
            if (settings.isNull()) {
                settings = JsonNodeFactory.instance.objectNode();
            }
            if (!settings.isObject()) {
                throw new IllegalArgumentException(where + ": must be a mapping of mount settings");
            }
            settings.fieldNames().forEachRemaining(key -> {
                if (PER_MOUNT_ONLY_KEYS.contains(key)) {
                    throw new IllegalArgumentException(where + ": " + key + " is set per mount, under mounts: (it decides "
                            + "what one mount plays or records, which mounts cannot share)");
                }
            });
            defaults.put(entry.getKey(), (ObjectNode) settings);
        });
        return defaults;
    }

    private static MountDefaults defaults(String pattern, ObjectNode node, Path base, Path file) {
        String where = MOUNT_DEFAULTS + "." + pattern;
        if (!pattern.startsWith("/") || pattern.length() < 2) {
            throw new IllegalArgumentException("config file " + file + ", " + where + ": a pattern must start with / as "
                    + "mount paths do (/** for every mount)");
        }
        return new MountDefaults(pattern, mount(pattern, node, base, file, where));
    }

    /**
     * The mount's settings with those of the first {@code defaults} entry matching {@code path} added where the mount
     * has none of its own, as Icecast merges a default mount into each mount it matches.
     */
    private static JsonNode withDefaults(String path, JsonNode node, Map<String, ObjectNode> defaults) {
        for (Map.Entry<String, ObjectNode> entry : defaults.entrySet()) {
            if (MountDefaults.regex(entry.getKey()).matcher(path).matches()) {
                ObjectNode merged = node == null || !node.isObject() ? JsonNodeFactory.instance.objectNode()
                        : ((ObjectNode) node).deepCopy();
                ObjectNode taken = entry.getValue().deepCopy();
                if (path.equals(taken.path("fallback-mount").asText(null))) {
                    // A mount is not its own fallback: the pattern's fallback mount takes none of these settings.
                    taken.remove(List.of("fallback-mount", "fallback-when-full"));
                }
                joinHeaders(merged, taken);
                taken.fields().forEachRemaining(setting -> merged.putIfAbsent(setting.getKey(), setting.getValue()));
                return merged;
            }
        }
        return node;
    }

    /**
     * A mount's own {@code http-headers} and its default's, joined as Icecast's merge appends the default mount's to the
     * mount's: the mount's own win for a name both give.
     */
    private static void joinHeaders(ObjectNode mount, ObjectNode defaults) {
        JsonNode own = mount.get(HTTP_HEADERS);
        JsonNode more = defaults.get(HTTP_HEADERS);
        if (own == null || own.isNull() || more == null) {
            return;
        }
        ArrayNode joined = mount.putArray(HTTP_HEADERS);
        ResponseHeaders.parse(headerLines(own)).over(ResponseHeaders.parse(headerLines(more))).lines().forEach(joined::add);
    }

    private static MountConfig mount(String path, JsonNode node, Path base, Path file, String where) {
        if (node.isNull()) {
            return MountConfig.of(path);
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!MOUNT_KEYS.contains(key)) {
                throw new IllegalArgumentException("config file " + file + ": unknown setting " + where + "." + key
                        + " (known: " + new TreeSet<>(MOUNT_KEYS) + ")");
            }
        });
        try {
            String playlist = text(node, "playlist");
            String rescan = text(node, "rescan");
            String resume = text(node, "resume");
            return MountConfig.builder(path)
                    .password(text(node, "password"))
                    .playlist(playlist == null ? null : base.resolve(playlist))
                    .shuffle(flag(node, "shuffle"))
                    .resume(resume == null ? null : MountConfig.Resume.valueOf(resume.toUpperCase(Locale.ROOT).replace('-', '_')))
                    .fallbackMount(text(node, "fallback-mount"))
                    .rescan(rescan == null ? null : seconds("rescan", rescan))
                    .relay(relay(text(node, "relay")))
                    .station(station(node))
                    .listeners(listenerRules(node, base, path))
                    .hidden(flag(node, "hidden"))
                    .sourceActions(sourceActions(node, base))
                    .relayOnDemand(flag(node, "relay-on-demand"))
                    .conform(flag(node, "conform"))
                    .format(SampleFormat.parse(text(node, "sample-rate"), text(node, "channels")))
                    .username(text(node, "username"))
                    .sourceAuthUrl(url(text(node, "source-auth-url")))
                    .charset(charset(text(node, "charset")))
                    .build();
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("config file " + file + ", " + where + ": " + invalid.getMessage(), invalid);
        }
    }

    /** A charset by any of its names (Icecast's {@code ISO8859-1}, {@code windows-1251}, {@code UTF-8}), or null. */
    private static Charset charset(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            throw new IllegalArgumentException("charset: no such charset: " + name + " (e.g. UTF-8, ISO-8859-1, windows-1251)");
        }
    }

    private static StationInfo station(JsonNode node) {
        JsonNode listed = node.get("public");
        Boolean isPublic = listed == null || listed.isNull() ? null : flag(node, "public");
        return new StationInfo(text(node, "stream-name"), text(node, "stream-description"), text(node, "genre"),
                text(node, "stream-url"), isPublic, text(node, "bitrate"));
    }

    private static ListenerRules listenerRules(JsonNode node, Path base, String path) {
        ListenerRules rules = listenerRules(node, base);
        if (!flag(node, "fallback-when-full")) {
            return rules;
        }
        String fallback = text(node, "fallback-mount");
        if (fallback == null) {
            throw new IllegalArgumentException("fallback-when-full sends the listeners of a full " + path
                    + " to its fallback-mount, which is not set");
        }
        return rules.withOverflowMount(fallback);
    }

    private static ListenerRules listenerRules(JsonNode node, Path base) {
        String intro = text(node, "intro");
        String burst = text(node, "burst-size");
        String maxDuration = text(node, "max-listener-duration");
        String users = text(node, "listener-users");
        String addUrl = text(node, "listener-add-url");
        String removeUrl = text(node, "listener-remove-url");
        JsonNode headers = node.get(HTTP_HEADERS);
        return ListenerRules.builder()
                .maxListeners(maxListeners(node))
                .intro(intro == null ? null : base.resolve(intro))
                .burst(burst == null ? null : burstSize(burst))
                .maxDuration(maxDuration == null ? null : seconds("max-listener-duration", maxDuration))
                .auth(new ListenerAuth(users == null ? null : base.resolve(users), url(addUrl), url(removeUrl),
                        !node.has("allow-duplicate-users") || flag(node, "allow-duplicate-users"),
                        node.has("drop-existing-listener") && flag(node, "drop-existing-listener")))
                .headers(headers == null ? null : ResponseHeaders.parse(headerLines(headers)))
                .metaint(metaint(text(node, "metaint")))
                .queueSize(queueSize(text(node, "queue-size")))
                .build();
    }

    private static Long queueSize(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ByteSizes.parse(text);
        } catch (NumberFormatException notASize) {
            throw new IllegalArgumentException("queue-size must be bytes (524288, 512k, 1m): " + text);
        }
    }

    /** Programs and the dump file resolve against the config file's folder, like playlists. */
    private static SourceActions sourceActions(JsonNode node, Path base) {
        String timeout = text(node, "source-timeout");
        return new SourceActions(resolved(base, text(node, "on-connect")), resolved(base, text(node, "on-disconnect")),
                resolved(base, text(node, "dump-file")), url(text(node, "mount-add-url")), url(text(node, "mount-remove-url")),
                timeout == null ? null : seconds("source-timeout", timeout));
    }

    static String resolved(Path base, String path) {
        return path == null || path.isBlank() ? null : base.resolve(path.trim()).toString();
    }

    private static BurstSize burstSize(String text) {
        try {
            return BurstSize.parse(text);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("burst-size must be bytes (65536, 64k) or audio time (4s, 2500ms): " + text);
        }
    }

    private static Integer metaint(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("metaint must be a whole number of bytes: " + text);
        }
    }

    private static int maxListeners(JsonNode node) {
        String max = text(node, "max-listeners");
        if (max == null) {
            return MountConfig.NO_LIMIT;
        }
        try {
            return Integer.parseInt(max.trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("max-listeners must be a whole number: " + max);
        }
    }

    private static URI url(String url) {
        return url == null || url.isBlank() ? null : URI.create(url.trim());
    }

    private static URI relay(String url) {
        return url == null ? null : URI.create(url.trim());
    }

    private static Duration seconds(String key, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.endsWith("s")
                    ? value.substring(0, value.length() - 1) : value) * 1000));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(key + " must be a number of seconds (30, 1.5s): " + text);
        }
    }

    /**
     * A yes/no setting: YAML's true or false (also yes, no, on, off), absent for false. Anything else is refused rather
     * than read as false, so that {@code hidden: ture} does not list a mount meant to be hidden.
     */
    private static boolean flag(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        String flag = yesOrNo(value.asText());
        if (!flag.equals("true") && !flag.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false: " + value.asText());
        }
        return flag.equals("true");
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * {@code http-headers}, as {@code [STATUS ]Name: value} lines: a mapping of names to values (or to a mapping of
     * {@code value} and {@code status}), or a list of {@code Name: value} lines and mappings of {@code name},
     * {@code value} and {@code status} (a list can give a name twice, for different statuses).
     */
    static List<String> headerLines(JsonNode node) {
        List<String> lines = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(header -> lines.add(header.getValue().isObject()
                    ? headerLine(header.getKey(), header.getValue())
                    : header.getKey() + ": " + headerValue(header.getValue(), HTTP_HEADERS + "." + header.getKey())));
        } else if (node.isArray()) {
            node.forEach(line -> lines.add(line.isObject()
                    ? headerLine(headerValue(line.path("name"), HTTP_HEADERS + "[].name"), line)
                    : headerValue(line, HTTP_HEADERS)));
        } else if (!node.isNull()) {
            lines.add(headerValue(node, HTTP_HEADERS));
        }
        return lines;
    }

    /** One header given as a mapping of {@code value} and {@code status} (and {@code name} in a list). */
    private static String headerLine(String name, JsonNode header) {
        String key = HTTP_HEADERS + "." + name;
        header.fieldNames().forEachRemaining(field -> {
            if (!Set.of("name", "value", "status").contains(field)) {
                throw new IllegalArgumentException("'" + key + "' has value and status, not " + field);
            }
        });
        String value = headerValue(header.path("value"), key + ".value");
        JsonNode status = header.path("status");
        if (status.isMissingNode() || status.isNull()) {
            return name + ": " + value;
        }
        if (!status.asText().matches("\\d{3}")) {
            throw new IllegalArgumentException("'" + key + ".status' must be an HTTP status code, not " + status.asText());
        }
        return status.asText() + " " + name + ": " + value;
    }

    private static String headerValue(JsonNode node, String key) {
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        if (!node.isValueNode()) {
            throw new IllegalArgumentException("'" + key + "' must be a single value");
        }
        return node.asText();
    }
}
