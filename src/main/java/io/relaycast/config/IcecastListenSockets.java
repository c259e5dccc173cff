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

    /** {@code <shoutcast-mount>} directly under {@code <icecast>}: Icecast's mount for its {@code <shoutcast-compat>} sockets. */
    private String shoutcastMount;

    /**
     * {@code <shoutcast-mount>} directly under {@code <icecast>}: no port of its own in Icecast, only the mount of the
     * {@code <shoutcast-compat>} sockets that name none.
     */
    void defaultShoutcastMount(String mount) {
        shoutcastMount = mount;
    }

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
        Element tls = null;
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
            if (ssl && tls != null) {
                note.accept("<listen-socket> on port " + port, "relaycast listens on one TLS port");
                continue;
            }
            if (ssl || plain) {
                noShoutcastPortAbove(socket, port, note);
            }
            if (!ssl && plain) {
                extraPorts.add(extraPort(text(socket, "bind-address"), port, settings.get("bind")));
                continue;
            }
            settings.put(ssl ? "tls-port" : "port", number(port));
            if (ssl) {
                tls = socket;
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
        shoutcastCompatible(compatible, orDefault(shoutcastMount, "/stream"), settings, note);
        if (shoutcastMount != null && compatible.isEmpty()) {
            note.accept("<shoutcast-mount>" + shoutcastMount, "Icecast takes SHOUTcast v1 sources for it only on a "
                    + "<shoutcast-compat> socket, and the file has none");
        }
        if (!extraPorts.isEmpty()) {
            settings.put("extra-port", extraPorts);
        }
        if (tls != null) {
            onBind(tls, "<listen-socket>", settings, note);
        }
        if (tls != null && !settings.containsKey("tls-certificate")) {
            note.accept("<listen-socket><ssl>", "tls-port needs tls-certificate (and tls-key unless the file holds both)");
        }
    }

    /**
     * A further plain socket as an extra port: on its own address, or, without one, on every address as Icecast listens
     * there, not on the first socket's. Written as given: the check of the whole result says what relaycast would refuse.
     */
    private static Object extraPort(String address, String port, Object bind) {
        String own = address == null && !everyAddress(bind) ? "0.0.0.0" : address;
        if (own == null || own.equals(bind)) {
            return number(port);
        }
        return (own.indexOf(':') >= 0 ? "[" + own + "]" : own) + ":" + port.trim();
    }

    /** The TLS port and the SHOUTcast port listen on relaycast's bind: an Icecast socket on another address is said. */
    private static void onBind(Element socket, String what, Map<String, Object> settings, BiConsumer<String, String> note) {
        String own = text(socket, "bind-address");
        Object bind = settings.get("bind");
        if (everyAddress(own) && everyAddress(bind) || own != null && own.equals(bind)) {
            return;
        }
        String relaycast = "relaycast on bind (" + (bind == null ? "0.0.0.0" : bind) + ")";
        note.accept(what + " on port " + text(socket, "port"), own == null
                ? "without <bind-address> Icecast listens there on every address; " + relaycast
                : "Icecast listens there on " + own + "; " + relaycast);
    }

    private static boolean everyAddress(Object address) {
        return address == null || address.equals("0.0.0.0") || address.equals("::");
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

    /** A {@code <shoutcast-compat>} socket one above the port is relaycast's SHOUTcast port, for its mount or {@code mount}. */
    private static void shoutcastCompatible(List<Element> compatible, String mount, Map<String, Object> settings,
            BiConsumer<String, String> note) {
        for (Element socket : compatible) {
            String port = text(socket, "port");
            Object main = settings.get("port");
            if (main != null && port.equals(Integer.toString(Integer.parseInt(main.toString()) + 1))) {
                settings.putIfAbsent("shoutcast-mount", orDefault(text(socket, "shoutcast-mount"), mount));
                onBind(socket, "<listen-socket><shoutcast-compat>", settings, note);
            } else {
                note.accept("<listen-socket><shoutcast-compat> on port " + port, "relaycast takes SHOUTcast v1 sources on "
                        + "the port one above its source port (or its port), for shoutcast-mount");
            }
        }
    }
}
