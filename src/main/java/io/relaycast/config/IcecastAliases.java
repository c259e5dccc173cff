package io.relaycast.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.w3c.dom.Element;

/**
 * Icecast's {@code <paths><alias>}es as import-icecast carries them over: a mapping of sources to destinations, the
 * destination of one that holds on one port only being a mapping with its {@code port} (and {@code bind-address}); a
 * list of such mappings, in the file's order, when a source is given more than once (for different ports).
 */
final class IcecastAliases {

    private IcecastAliases() {
    }

    /**
     * @param aliases  the {@code <alias>} elements, in order
     * @param settings takes relaycast's {@code aliases}
     * @param note     takes what is not carried over, and why
     */
    static void carryOver(List<Element> aliases, Map<String, Object> settings, BiConsumer<String, String> note) {
        List<Map<String, String>> entries = new ArrayList<>();
        for (Element alias : aliases) {
            String source = alias.getAttribute("source");
            // dest: the other spelling Icecast reads, if there is no destination.
            String destination = alias.getAttribute(alias.hasAttribute("destination") ? "destination" : "dest");
            if (source.isEmpty() || destination.isEmpty()) {
                note.accept("<paths><alias>", "without source and destination");
                continue;
            }
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("source", source);
            entry.put("destination", destination);
            if (!alias.getAttribute("port").isEmpty()) {
                entry.put("port", alias.getAttribute("port"));
                if (!alias.getAttribute("bind-address").isEmpty()) {
                    entry.put("bind-address", alias.getAttribute("bind-address"));
                }
            } else if (!alias.getAttribute("bind-address").isEmpty()) {
                note.accept("<paths><alias source=\"" + source + "\"> bind-address without a port",
                        "relaycast's alias holds on every port");
            }
            entries.add(entry);
        }
        if (entries.isEmpty()) {
            return;
        }
        Map<String, Object> bySource = new LinkedHashMap<>();
        for (Map<String, String> entry : entries) {
            Map<String, String> rest = new LinkedHashMap<>(entry);
            String source = rest.remove("source");
            bySource.put(source, rest.size() == 1 ? rest.get("destination") : rest);
        }
        settings.put("aliases", bySource.size() == entries.size() ? bySource : entries);
    }
}
