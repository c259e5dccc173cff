package io.relaycast.config;

import static io.relaycast.config.IcecastConfigImport.number;
import static io.relaycast.config.IcecastConfigImport.orDefault;
import static io.relaycast.config.IcecastConfigImport.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.w3c.dom.Element;

/**
 * Icecast's {@code <listen-socket>}s as import-icecast carries them over: the first plain one is the port, the first TLS
 * one the TLS port, further plain ones extra ports (with a bind address of their own if they have one). Icecast takes
 * SHOUTcast v1 sources on the port above a socket with a {@code <shoutcast-mount>}, and on a
 * {@code <shoutcast-compat>} socket; relaycast does on the port above its port only, for its one
 * {@code shoutcast-mount}: what it cannot take there is said.
 */
final class IcecastListenSockets {

    private final List<Element> sockets = new ArrayList<>();
    /** {@code <port>} and {@code <bind-address>} outside any {@code <listen-socket>}, the last of each. */
    private final Map<String, String> outside = new LinkedHashMap<>();

    /** A {@code <listen-socket>}, in the file's order. */
    void add(Element socket) {
        sockets.add(socket);
    }

    /**
     * A {@code <port>} or {@code <bind-address>} outside any {@code <listen-socket>}, the older spelling of Icecast's first
     * socket, which it still reads; it listens there only while the file has no {@code <listen-socket>}.
     */
    void addOutside(Element setting) {
        outside.put(setting.getTagName(), setting.getTextContent().trim());
    }

    /**
     * @param settings takes relaycast's {@code port}, {@code bind}, {@code tls-port}, {@code extra-port} and
     *                 {@code shoutcast-mount}
     * @param note     takes what is not carried over, and why
     */
    void carryOver(Map<String, Object> settings, BiConsumer<String, String> note) {
        List<Object> extraPorts = new ArrayList<>();
        boolean plain = false;
        boolean tls = false;
        List<Element> compatible = new ArrayList<>();
        outside(settings, note);
        for (Element socket : sockets) {
            String port = text(socket, "port");
            boolean ssl = "1".equals(text(socket, "ssl"));
            if (port == null) {
                note.accept("<listen-socket> without <port>", "left out");
                continue;
            }
            if ("1".equals(text(socket, "shoutcast-compat"))) {
                compatible.add(socket);
                continue;
            }
            if (ssl && tls) {
                note.accept("<listen-socket> on port " + port, "relaycast listens on one TLS port");
                continue;
            }
            if (ssl || plain) {
                noShoutcastPortAbove(socket, port, note);
            }
            if (!ssl && plain) {
                String bind = text(socket, "bind-address");
                boolean ownAddress = bind != null && !bind.equals(settings.get("bind"));
                // Written as given: the check of the whole result says what relaycast would refuse.
                extraPorts.add(ownAddress ? (bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind) + ":" + port.trim()
                        : number(port));
                continue;
            }
            settings.put(ssl ? "tls-port" : "port", number(port));
            if (ssl) {
                tls = true;
                continue;
            }
            plain = true;
            String bind = text(socket, "bind-address");
            if (bind != null) {
                settings.put("bind", bind);
            }
            String shoutcastMount = text(socket, "shoutcast-mount");
            if (shoutcastMount != null) {
                settings.put("shoutcast-mount", shoutcastMount);
            }
        }
        shoutcastCompatible(compatible, settings, note);
        if (!extraPorts.isEmpty()) {
            settings.put("extra-port", extraPorts);
        }
        if (tls && !settings.containsKey("tls-certificate")) {
            note.accept("<listen-socket><ssl>", "tls-port needs tls-certificate (and tls-key unless the file holds both)");
        }
    }

    private void outside(Map<String, Object> settings, BiConsumer<String, String> note) {
        if (!sockets.isEmpty()) {
            outside.forEach((name, value) -> note.accept("<" + name + ">" + value, "outside <listen-socket>: Icecast listens "
                    + "on its <listen-socket>s only"));
            return;
        }
        if (outside.containsKey("port")) {
            settings.put("port", number(outside.get("port")));
        }
        if (outside.containsKey("bind-address")) {
            settings.put("bind", outside.get("bind-address"));
        }
    }

    /** A {@code <shoutcast-mount>} on a socket other than the port: relaycast has no SHOUTcast port above that one. */
    private static void noShoutcastPortAbove(Element socket, String port, BiConsumer<String, String> note) {
        String mount = text(socket, "shoutcast-mount");
        if (mount != null) {
            note.accept("<listen-socket> on port " + port + ": <shoutcast-mount>" + mount, "Icecast takes SHOUTcast v1 "
                    + "sources for it on the port above " + port + "; relaycast only on the port above its port, for "
                    + "shoutcast-mount");
        }
    }

    /** A {@code <shoutcast-compat>} socket one above the port is relaycast's SHOUTcast port ({@code /stream} unless set). */
    private static void shoutcastCompatible(List<Element> compatible, Map<String, Object> settings,
            BiConsumer<String, String> note) {
        for (Element socket : compatible) {
            String port = text(socket, "port");
            Object main = settings.get("port");
            if (main != null && port.equals(Integer.toString(Integer.parseInt(main.toString()) + 1))) {
                settings.putIfAbsent("shoutcast-mount", orDefault(text(socket, "shoutcast-mount"), "/stream"));
            } else {
                note.accept("<listen-socket><shoutcast-compat> on port " + port, "relaycast takes SHOUTcast v1 sources on "
                        + "the port one above its source port (or its port), for shoutcast-mount");
            }
        }
    }
}
