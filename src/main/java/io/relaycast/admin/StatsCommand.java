package io.relaycast.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relaycast.http.Json;
import io.relaycast.status.StatusReport;
import io.relaycast.status.StatusJson;

/**
 * {@code /admin/stats}: Icecast's full {@code <icestats>} document; as JSON {@code /status.json} with the fields Icecast
 * shows the admin only (traffic, source address and program).
 */
final class StatsCommand implements AdminCommand {

    private final StatusJson json = new StatusJson(Json.mapper());

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public boolean readsOnly() {
        return true;
    }

    @Override
    public boolean mountScoped() {
        return false;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        ObjectNode stats = json.adminIcestats(request.report().server(request.host(), StatusReport.Audience.ADMIN)
                .only(request.param("mount")));
        XmlElement icestats = XmlElement.of("icestats");
        stats.get("icestats").fields().forEachRemaining(field -> {
            if (field.getValue().isArray()) {
                for (JsonNode source : field.getValue()) {
                    icestats.add(XmlElement.of("source").fields(source, "mount"));
                }
            } else {
                icestats.text(field.getKey(), field.getValue().asText());
            }
        });
        return AdminReply.ok(icestats, stats);
    }
}
