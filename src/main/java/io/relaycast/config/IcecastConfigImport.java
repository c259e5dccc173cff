package io.relaycast.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads an Icecast 2.4 {@code icecast.xml} into relaycast's config file: the passwords, limits, port, directories,
 * headers, master and relays, and every {@code <mount>} with its settings and its {@code <authentication>} (htpasswd or
 * URL), each under relaycast's name for it ({@code <mount type="default">} as {@code mount-defaults}). What relaycast
 * has no setting for (log paths, the web root, Ogg settings) is not carried over, and said so, one note per element: a
 * station moving
 * from Icecast keeps its passwords, mounts and logins, and knows what to look at.
 */
public final class IcecastConfigImport {

    /** The config file's settings, in the order of relaycast's file, and what was not carried over. */
    public record Result(Map<String, Object> settings, List<String> notes) {

        /** The settings as relaycast's YAML config file, with the notes as comments at the top. */
        public String yaml(String source) {
            StringBuilder text = new StringBuilder("# relaycast config, converted from " + source
                    + " (relaycast import-icecast)\n");
            if (!notes.isEmpty()) {
                text.append("#\n# Not carried over:\n");
                notes.forEach(note -> text.append("#   ").append(note).append('\n'));
            }
            try {
                return text.append(YAML.writeValueAsString(settings)).toString();
            } catch (JsonProcessingException impossible) {
                throw new UncheckedIOException(impossible);
            }
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A password such as 0123 or 1e5 stays text: unquoted, YAML would read it as a number.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> mounts = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> mountDefaults = new LinkedHashMap<>();
    /** The paths of the file's {@code <mount>}s, which Icecast gives no default mount's login. */
    private final Set<String> configured = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    /** Every {@code <directory>}'s {@code <yp-url>} (the last in its block, as Icecast keeps), in the file's order. */
    private final List<String> ypUrls = new ArrayList<>();
    /** Icecast's {@code <paths><webroot>}, where it finds a mount's intro; Debian's package's unless the file says. */
    private String webroot = "/usr/share/icecast2/web";
    /** Icecast's {@code <paths><logdir>}, where it writes its logs; Debian's package's unless the file says. */
    private String logdir = "/var/log/icecast2";
    /** Icecast's {@code <fileserve>}: whether it serves the files in its webroot (it does unless told not to). */
    private boolean fileserve = true;

    private IcecastConfigImport() {
    }

    /** Reads {@code file}; an {@link IllegalArgumentException} if it is not an Icecast config. */
    public static Result read(Path file) throws IOException {
        Element root;
        try (InputStream in = Files.newInputStream(file)) {
            root = parser().parse(in).getDocumentElement();
        } catch (SAXException malformed) {
            throw new IllegalArgumentException(file + " is not well-formed XML: " + malformed.getMessage(), malformed);
        }
        if (!root.getTagName().equals("icecast")) {
            throw new IllegalArgumentException(file + " is not an Icecast config: its root element is <" + root.getTagName()
                    + ">, not <icecast>");
        }
        IcecastConfigImport conversion = new IcecastConfigImport();
        conversion.icecast(root);
        return new Result(conversion.settings, conversion.notes);
    }

    private void icecast(Element root) {
        // Read first: the mounts that name intros come before <paths> in Icecast's own files.
        children(root).stream().filter(element -> element.getTagName().equals("paths"))
                .flatMap(paths -> children(paths).stream()).filter(path -> path.getTagName().equals("webroot"))
                .forEach(path -> webroot = text(path));
        children(root).stream().filter(element -> element.getTagName().equals("paths"))
                .flatMap(paths -> children(paths).stream()).filter(path -> path.getTagName().equals("logdir"))
                .forEach(path -> logdir = text(path));
        children(root).stream().filter(element -> element.getTagName().equals("fileserve"))
                .forEach(element -> fileserve = flag(element));
        IcecastListenSockets sockets = new IcecastListenSockets();
        Map<String, String> master = new LinkedHashMap<>();
        IcecastRelays relays = new IcecastRelays();
        for (Element element : children(root)) {
            String name = element.getTagName();
            switch (name) {
                case "hostname" -> hostname(text(element));
                case "limits" -> limits(element);
                case "authentication" -> authentication(element);
                case "shoutcast-mount" -> sockets.defaultShoutcastMount(text(element));
                case "directory" -> directory(element);
                case "listen-socket" -> sockets.add(element);
                // Icecast 2.4 still reads these older spellings (a socket's, the <authentication>'s).
                case "port", "bind-address" -> sockets.addOutside(element);
                case "source-password" -> settings.put(name, text(element));
                case "http-headers" -> headers(element, "", settings);
                case "relays-on-demand" -> settings.put("relays-on-demand", flag(element));
                case "master-server", "master-server-port", "master-username", "master-password" ->
                        master.put(name, text(element));
                case "master-update-interval" -> settings.put("master-update-interval", number(text(element)));
                case "relay" -> relays.add(element, Boolean.TRUE.equals(settings.get("relays-on-demand")));
                case "mount" -> mount(element);
                case "paths" -> paths(element);
                case "location" -> settings.put("location", text(element));
                case "admin" -> settings.put("admin-contact", text(element));
                case "fileserve" -> {
                    // Read first, with <paths><webroot>.
                }
                case "logging" -> IcecastLogging.carryOver(children(element), logdir, settings, this::note);
                case "security" -> note("<security>", "run relaycast as the user it should run as (the Docker image does)");
                default -> note("<" + name + ">", "relaycast has no such setting");
            }
        }
        sockets.carryOver(settings, this::note);
        master(master);
        relays.carryOver(this::mountSettings, this::note);
        mounts.forEach(this::fileFallback);
        mountDefaults.forEach(this::defaultFileFallback);
        mountDefaults.forEach((pattern, defaults) -> overflowWithoutFallback("<mount type=\"default\"> " + pattern, defaults,
                null));
        mounts.forEach((path, mount) -> overflowWithoutFallback("<mount> " + path, mount, firstDefault(path)));
        IcecastDefaultMountLogins.keepOutOfConfiguredMounts(mounts, configured, mountDefaults, this::note);
        IcecastQueueSizes.holdBursts(settings, mounts, mountDefaults, this::note);
        if (!mountDefaults.isEmpty()) {
            settings.put("mount-defaults", mountDefaults);
        }
        if (!mounts.isEmpty()) {
            settings.put("mounts", mounts);
        }
    }

    /**
     * For a fallback mount that no source feeds, Icecast hands the listeners the file of that name in its webroot, if
     * there is one (with {@code <fileserve>} on): relaycast's mount plays that file in a loop as its playlist while the
     * fallback mount has nothing, and the fallback mount stays, for a source that does feed it. Whether the file is there
     * is looked up on this machine, where the conversion runs.
     */
    private void fileFallback(String path, Map<String, Object> mount) {
        Path file = fallbackFile(mount);
        if (file == null || mount.containsKey("playlist")) {
            return;
        }
        String fallback = (String) mount.get("fallback-mount");
        mount.put("playlist", file.toString());
        note("<mount> " + path + ": <fallback-mount>" + fallback, "a file in <webroot>: the mount plays it in a loop "
                + "(playlist) while no source feeds " + fallback + " (Icecast hands its listeners the file)");
    }

    /**
     * {@code <fallback-when-full>} with no {@code <fallback-mount>} of its own or from its default mount: Icecast only
     * warns and turns the listeners of a full mount away, relaycast would refuse the file; left out.
     */
    private void overflowWithoutFallback(String where, Map<String, Object> mount, Map<String, Object> defaults) {
        if (!Boolean.TRUE.equals(mount.get("fallback-when-full")) || mount.containsKey("fallback-mount")
                || defaults != null && defaults.containsKey("fallback-mount")) {
            return;
        }
        mount.remove("fallback-when-full");
        note(where + ": <fallback-when-full>", "no <fallback-mount> to send the listeners of a full mount to; left out "
                + "(Icecast warns and turns them away)");
    }

    /** The first {@code <mount type="default">} that applies to {@code path}, as relaycast's mount-defaults take it. */
    private Map<String, Object> firstDefault(String path) {
        return mountDefaults.entrySet().stream().filter(entry -> MountDefaults.regex(entry.getKey()).matcher(path).matches())
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * A default mount's fallback file: relaycast's mount-defaults play no file (a playlist is one mount's own), so the
     * listeners of the mounts it covers would hear silence where Icecast handed them the file; said, with the file.
     */
    private void defaultFileFallback(String pattern, Map<String, Object> defaults) {
        Path file = fallbackFile(defaults);
        if (file != null) {
            note("<mount type=\"default\"> " + pattern + ": <fallback-mount>" + defaults.get("fallback-mount"), "a file in "
                    + "<webroot>, which Icecast hands the listeners of the mounts it covers; mount-defaults play no file: "
                    + "give those mounts playlist: " + file);
        }
    }

    /** The MP3 file in the webroot that {@code mount}'s fallback mount names, if no mount of the file has that path. */
    private Path fallbackFile(Map<String, Object> mount) {
        if (!(mount.get("fallback-mount") instanceof String fallback) || mounts.containsKey(fallback) || !fileserve
                || !fallback.toLowerCase(Locale.ROOT).endsWith(".mp3")) {
            return null;
        }
        Path file = Path.of(webroot, fallback.replaceAll("^/+", ""));
        return Files.isRegularFile(file) ? file : null;
    }

    private void hostname(String hostname) {
        if (hostname.equals("localhost")) {
            note("<hostname>localhost</hostname>", "Icecast's default; set hostname to the name listeners reach the "
                    + "server at, for stream directories");
            return;
        }
        settings.put("hostname", hostname);
    }

    private void limits(Element limits) {
        // In the file's order, as Icecast reads them: a burst-on-connect 0 sets the burst size to 0 at that point.
        for (Element limit : children(limits)) {
            String name = limit.getTagName();
            String value = text(limit);
            switch (name) {
                case "clients" -> settings.put("max-connections", number(value));
                case "queue-size", "header-timeout", "source-timeout" -> settings.put(name, number(value));
                case "burst-size" -> settings.put("burst-size", value);
                case "burst-on-connect" -> {
                    if (value.equals("0")) {
                        settings.put("burst-size", "0");
                    }
                }
                case "sources" -> settings.put("max-sources", number(value));
                case "client-timeout" -> note("<limits><client-timeout>", "unused in Icecast 2.4; relaycast's "
                        + "listener-timeout (20 s) ends a listener that reads nothing");
                default -> note("<limits><" + name + ">", "relaycast has no such limit");
            }
        }
    }

    private void authentication(Element authentication) {
        for (Element setting : children(authentication)) {
            String name = setting.getTagName();
            switch (name) {
                case "source-password", "admin-user", "admin-password", "relay-user", "relay-password" ->
                        settings.put(name, text(setting));
                default -> note("<authentication><" + name + ">", "relaycast has no such login");
            }
        }
    }

    /** A {@code <directory>}: Icecast lists the mounts in one directory per block, so a station repeats the block. */
    private void directory(Element directory) {
        String ypUrl = null;
        for (Element setting : children(directory)) {
            switch (setting.getTagName()) {
                case "yp-url" -> {
                    if (ypUrl != null) {
                        note("<directory><yp-url>" + ypUrl, "Icecast keeps the last <yp-url> of a <directory>");
                    }
                    ypUrl = text(setting);
                }
                case "yp-url-timeout" -> forEveryDirectory(setting, "yp-url-timeout");
                case "touch-interval" -> forEveryDirectory(setting, "yp-touch-interval");
                default -> note("<directory><" + setting.getTagName() + ">", "relaycast has no such setting");
            }
        }
        if (ypUrl != null) {
            if (ypUrls.isEmpty()) {
                settings.put("yp-url", ypUrls);
            }
            ypUrls.add(ypUrl);
        }
    }

    /** A setting Icecast has per directory and relaycast for all of them: the first block's, the others' said. */
    private void forEveryDirectory(Element setting, String key) {
        Object value = number(text(setting));
        Object first = settings.putIfAbsent(key, value);
        if (first != null && !first.equals(value)) {
            note("<directory><" + setting.getTagName() + ">" + value, "relaycast has one " + key + " for every directory: "
                    + first + ", the first <directory>'s");
        }
    }

    private void master(Map<String, String> master) {
        String server = master.get("master-server");
        if (server == null) {
            if (!master.isEmpty()) {
                note("<master-*>", "without <master-server> there is no master to follow");
            }
            return;
        }
        String password = master.get("master-password");
        String port = master.get("master-server-port");
        // Icecast's slave.c follows no master without a password or with port 0, its default.
        if (password == null || port == null || number(port).equals(0L)) {
            note("<master-server>" + server, "without <master-server-port> and <master-password> Icecast follows no "
                    + "master; left out");
            return;
        }
        String user = master.getOrDefault("master-username", "relay");
        settings.put("master", "http://" + encoded(user) + ":" + encoded(password) + "@" + server + ":" + port);
    }

    private void mount(Element mount) {
        String path = text(mount, "mount-name");
        boolean isDefault = "default".equals(mount.getAttribute("type"));
        if (isDefault) {
            // Icecast's default mount: without a name it applies to every mount, with one to those its pattern matches.
            path = path == null ? "/**" : path;
            if (!path.startsWith("/")) {
                note("<mount type=\"default\"> " + path, "a pattern that matches no mount path (they start with /); left out");
                return;
            }
        } else if (path == null) {
            note("<mount> without <mount-name>", "left out");
            return;
        }
        Map<String, Object> settings = isDefault ? mountDefaults.computeIfAbsent(path, key -> new LinkedHashMap<>())
                : mountSettings(path);
        if (!isDefault) {
            configured.add(path);
        }
        String where = (isDefault ? "<mount type=\"default\"> " : "<mount> ") + path + ": ";
        if (path.matches("(?i).*\\.(ogg|oga|opus|spx|flac|aac|m4a|nsv)$")) {
            note("<mount> " + path, "relaycast relays MP3 only: an encoder sending another format there is refused");
        }
        for (Element setting : children(mount)) {
            String name = setting.getTagName();
            if (isDefault && name.equals("dump-file")) {
                note(where + "<" + name + ">", "set per mount in relaycast (mounts cannot share one file)");
                continue;
            }
            switch (name) {
                case "mount-name" -> {
                }
                case "max-listeners", "max-listener-duration", "source-timeout", "queue-size" -> settings.put(name,
                        number(text(setting)));
                case "username", "password", "dump-file", "fallback-mount", "stream-name", "stream-description",
                        "stream-url", "genre", "on-connect", "on-disconnect", "burst-size", "bitrate" -> settings.put(name,
                        text(setting));
                // Icecast reads an intro from its webroot, whatever the name starts with.
                case "intro" -> settings.put(name, webroot.replaceAll("/+$", "") + "/" + text(setting).replaceAll("^/+", ""));
                case "fallback-when-full", "hidden" -> settings.put(name, flag(setting));
                case "public" -> {
                    if (!"-1".equals(text(setting))) {
                        settings.put("public", flag(setting));
                    }
                }
                case "no-yp" -> {
                    if (flag(setting)) {
                        settings.put("public", false);
                    }
                }
                case "fallback-override" -> {
                    if (!flag(setting)) {
                        note(where + "<fallback-override>0", "relaycast's mount goes back to its live source itself, "
                                + "its listeners with it");
                    }
                }
                case "mp3-metadata-interval" -> settings.put("metaint", number(text(setting)));
                case "charset" -> charset(text(setting), where, settings);
                case "authentication" -> authentication(setting, path, settings);
                case "http-headers" -> headers(setting, where, settings);
                default -> note(where + "<" + name + ">", "relaycast has no such mount setting");
            }
        }
    }

    /** A mount's {@code <charset>}, if Java knows it by that name (iconv's names mostly are Java's too). */
    private void charset(String name, String where, Map<String, Object> mount) {
        boolean known;
        try {
            known = Charset.isSupported(name.trim());
        } catch (IllegalCharsetNameException badName) {
            known = false;
        }
        if (known) {
            mount.put("charset", name.trim());
        } else {
            note(where + "<charset>" + name, "no such charset here; texts that are not UTF-8 are read as ISO-8859-1");
        }
    }

    /** A mount's {@code <authentication>}: an htpasswd file, or a web backend's URLs. */
    private void authentication(Element authentication, String path, Map<String, Object> mount) {
        String type = authentication.getAttribute("type");
        String where = "<mount> " + path + ": <authentication type=\"" + type + "\">";
        Map<String, String> options = new LinkedHashMap<>();
        for (Element option : children(authentication)) {
            if (option.getTagName().equals("option")) {
                options.put(option.getAttribute("name"), option.getAttribute("value"));
            }
        }
        boolean once = "0".equals(options.remove("allow_duplicate_users"));
        if (once) {
            mount.put("allow-duplicate-users", false);
        }
        // Icecast-KH's: a user who logs in again takes over; without allow_duplicate_users 0 it does nothing there either.
        String drop = options.remove("drop_existing_listener");
        if (once && drop != null && !drop.trim().equals("0")) {
            mount.put("drop-existing-listener", true);
        }
        if (type.equals("htpasswd")) {
            options.forEach((name, value) -> {
                if (name.equals("filename")) {
                    mount.put("listener-users", value);
                } else {
                    note(where + " option " + name, "relaycast has no such option");
                }
            });
            return;
        }
        if (!type.equals("url")) {
            note(where, "relaycast authenticates with htpasswd files and URLs only");
            return;
        }
        String user = options.get("username");
        String password = options.get("password");
        options.forEach((name, value) -> {
            String key = switch (name) {
                case "listener_add" -> "listener-add-url";
                case "listener_remove" -> "listener-remove-url";
                case "stream_auth" -> "source-auth-url";
                case "mount_add" -> "mount-add-url";
                case "mount_remove" -> "mount-remove-url";
                default -> null;
            };
            if (key != null) {
                mount.put(key, withLogin(value, user, password));
            } else if (name.equals("auth_header") && value.trim().equalsIgnoreCase("icecast-auth-user: 1")) {
                return;
            } else if (!name.equals("username") && !name.equals("password")) {
                note(where + " option " + name, "relaycast reads icecast-auth-user: 1, icecast-auth-timelimit and "
                        + "icecast-auth-message only");
            }
        });
    }

    /**
     * {@code <http-headers>}, into {@code target}'s {@code http-headers}: a mapping of names to values, or, once a header
     * has a {@code status}, a list of {@code Name: value} lines and mappings with the status.
     */
    private void headers(Element headers, String where, Map<String, Object> target) {
        List<Object> listed = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        for (Element header : children(headers)) {
            String name = header.getAttribute("name");
            if (!header.getTagName().equals("header") || name.isEmpty()) {
                continue;
            }
            String status = header.getAttribute("status");
            if (status.isEmpty()) {
                listed.add(name + ": " + header.getAttribute("value"));
                named.put(name, header.getAttribute("value"));
            } else {
                Map<String, Object> limited = new LinkedHashMap<>();
                limited.put("name", name);
                limited.put("value", header.getAttribute("value"));
                limited.put("status", status);
                listed.add(limited);
            }
        }
        if (!listed.isEmpty()) {
            target.put("http-headers", listed.size() == named.size() ? named : listed);
        }
    }

    private void paths(Element paths) {
        IcecastAliases.carryOver(children(paths).stream().filter(path -> path.getTagName().equals("alias")).toList(),
                settings, this::note);
        for (Element path : children(paths)) {
            String name = path.getTagName();
            switch (name) {
                case "deny-ip", "allow-ip" -> settings.put(name, text(path));
                case "logdir" -> { } // read first, for <logging>
                case "webroot" -> {
                    if (fileserve) {
                        settings.put("web-root", webroot);
                    } else {
                        note("<paths><webroot>", "<fileserve> is off: no files served from there (mounts' intros are "
                                + "taken from there, as Icecast reads them)");
                    }
                }
                case "ssl-certificate" -> sslCertificate(text(path));
                case "alias" -> { } // above
                default -> note("<paths><" + name + ">", "relaycast has no files of its own to find there");
            }
        }
    }

    private void sslCertificate(String file) {
        settings.put("tls-certificate", file);
        Path pem = Path.of(file);
        TlsKeyForms.refusedIn(pem).ifPresent(form -> note("<paths><ssl-certificate>" + file, "holds " + form
                + ", which relaycast's HTTPS cannot read as it is: convert the key with " + TlsKeyForms.conversion(pem)));
    }

    private Map<String, Object> mountSettings(String path) {
        return mounts.computeIfAbsent(path, key -> new LinkedHashMap<>());
    }

    private void note(String what, String why) {
        notes.add(what + ": " + why);
    }

    private static String withLogin(String url, String user, String password) {
        if (user == null || password == null || url.indexOf("://") < 0) {
            return url;
        }
        int start = url.indexOf("://") + 3;
        // A login of the URL's own wins; an @ in its path or query is no login.
        String authority = url.substring(start).split("[/?#]", 2)[0];
        if (authority.contains("@")) {
            return url;
        }
        return url.substring(0, start) + encoded(user) + ":" + encoded(password) + "@" + url.substring(start);
    }

    static String encoded(String userInfoPart) {
        return URLEncoder.encode(userInfoPart, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A whole number as a number, so that the file reads as one; anything else as the text it is. */
    static Object number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    private static boolean flag(Element element) {
        return flag(text(element));
    }

    static boolean flag(String value) {
        return !value.equals("0") && !value.equalsIgnoreCase("false") && !value.isEmpty();
    }

    static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String text(Element element) {
        return element.getTextContent().trim();
    }

    /** The text of {@code parent}'s first child element called {@code name}, or null. */
    static String text(Element parent, String name) {
        for (Element child : children(parent)) {
            if (child.getTagName().equals(name)) {
                return text(child);
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** A parser that reads no DTD and no external entity: a config file is data, not instructions. */
    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException unsupported) {
            throw new IllegalStateException(unsupported);
        }
    }
}
