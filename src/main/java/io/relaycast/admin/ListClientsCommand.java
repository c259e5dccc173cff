package io.relaycast.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relaycast.http.Json;
import io.relaycast.listener.ListenerHandler;
import io.relaycast.mount.Mount;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code /admin/listclients?mount=}: the mount's listeners with id, IP, user agent and seconds connected, in Icecast's
 * shape ({@code <source mount><Listeners/><listener id><IP/><UserAgent/><Connected/><ID/></listener></source>}).
 */
final class ListClientsCommand implements AdminCommand {

    @Override
    public String name() {
        return "listclients";
    }

    @Override
    public boolean readsOnly() {
        return true;
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Mount mount = request.mount();
        List<ListenerHandler> listeners = request.context().listeners().onMount(mount.path());
        Instant now = Instant.now();
        return AdminReply.ok(() -> xml(mount.path(), listeners, now), () -> json(mount.path(), listeners, now));
    }

    private static XmlElement xml(String mount, List<ListenerHandler> listeners, Instant now) {
        XmlElement source = XmlElement.of("source").attribute("mount", mount).text("Listeners", listeners.size());
        for (ListenerHandler listener : listeners) {
            XmlElement element = XmlElement.of("listener").attribute("id", Long.toString(listener.id()))
                    .text("IP", ip(listener.remoteAddress()))
                    .text("UserAgent", agent(listener))
                    .text("Connected", connected(listener, now))
                    .text("ID", listener.id());
            if (listener.user() != null) {
                // As Icecast adds it for a listener who logged in.
                element.text("username", listener.user());
            }
            source.add(element);
        }
        return XmlElement.of("icestats").add(source);
    }

    private static ObjectNode json(String mount, List<ListenerHandler> listeners, Instant now) {
        ObjectNode json = Json.object().put("mount", mount).put("listeners", listeners.size());
        ArrayNode clients = json.putArray("clients");
        for (ListenerHandler listener : listeners) {
            ObjectNode client = clients.addObject()
                    .put("id", listener.id())
                    .put("ip", ip(listener.remoteAddress()))
                    .put("user_agent", agent(listener))
                    .put("connected", connected(listener, now));
            if (listener.user() != null) {
                client.put("username", listener.user());
            }
        }
        return json;
    }

    private static String agent(ListenerHandler listener) {
        return listener.userAgent() == null || listener.userAgent().isEmpty() ? "Unknown" : listener.userAgent();
    }

    private static long connected(ListenerHandler listener, Instant now) {
        return Duration.between(listener.connectedAt(), now).toSeconds();
    }

    static String ip(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
