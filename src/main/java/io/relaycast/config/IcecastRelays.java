package io.relaycast.config;

import static io.relaycast.config.IcecastConfigImport.encoded;
import static io.relaycast.config.IcecastConfigImport.flag;
import static io.relaycast.config.IcecastConfigImport.orDefault;
import static io.relaycast.config.IcecastConfigImport.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * Icecast's {@code <relay>}s as import-icecast carries them over: each is its local mount's {@code relay}, with Icecast's
 * defaults for what it leaves out: the origin on this machine (127.0.0.1, port 8000, mount {@code /}), and on demand
 * as the global {@code <relays-on-demand>} read before it in the file says (Icecast takes the value it has read so far),
 * unless the relay's own {@code <on-demand>} says otherwise.
 */
final class IcecastRelays {

    private record Relay(Element element, boolean onDemandByDefault) {
    }

    private final List<Relay> relays = new ArrayList<>();

    /** A {@code <relay>}, read while {@code <relays-on-demand>} is {@code onDemandByDefault}. */
    void add(Element relay, boolean onDemandByDefault) {
        relays.add(new Relay(relay, onDemandByDefault));
    }

    /**
     * @param mountSettings the settings of the mount at a path, made empty if need be
     * @param note          takes what is not carried over, and why
     */
    void carryOver(Function<String, Map<String, Object>> mountSettings, BiConsumer<String, String> note) {
        for (Relay relay : relays) {
            carryOver(relay, mountSettings, note);
        }
    }

    private static void carryOver(Relay relay, Function<String, Map<String, Object>> mountSettings,
                                  BiConsumer<String, String> note) {
        Element element = relay.element();
        String remote = orDefault(text(element, "mount"), "/");
        String user = text(element, "username");
        String password = text(element, "password");
        String login = user == null || password == null ? "" : encoded(user) + ":" + encoded(password) + "@";
        Map<String, Object> mount = mountSettings.apply(orDefault(text(element, "local-mount"), remote));
        mount.put("relay", "http://" + login + orDefault(text(element, "server"), "127.0.0.1") + ":"
                + orDefault(text(element, "port"), "8000") + remote);
        String onDemand = text(element, "on-demand");
        if (onDemand == null ? relay.onDemandByDefault() : flag(onDemand)) {
            mount.put("relay-on-demand", true);
        }
        if ("0".equals(text(element, "relay-shoutcast-metadata"))) {
            note.accept("<relay><relay-shoutcast-metadata>0", "relaycast always passes the origin's titles on");
        }
    }
}
