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
        XmlElement source = XmlElement.of("source").attribute("mount", mount.path()).text("Listeners", listeners.size());
        ObjectNode json = Json.object().put("mount", mount.path()).put("listeners", listeners.size());
        ArrayNode clients = json.putArray("clients");
        for (ListenerHandler listener : listeners) {
            String ip = ip(listener.remoteAddress());
            String agent = listener.userAgent() == null || listener.userAgent().isEmpty() ? "Unknown" : listener.userAgent();
            long connected = Duration.between(listener.connectedAt(), now).toSeconds();
            source.add(XmlElement.of("listener").attribute("id", Long.toString(listener.id()))
                    .text("IP", ip)
                    .text("UserAgent", agent)
                    .text("Connected", connected)
                    .text("ID", listener.id()));
            clients.addObject()
                    .put("id", listener.id())
                    .put("ip", ip)
                    .put("user_agent", agent)
                    .put("connected", connected);
        }
        return AdminReply.ok(XmlElement.of("icestats").add(source), json);
    }

    static String ip(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
