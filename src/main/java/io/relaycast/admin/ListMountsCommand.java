package io.relaycast.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relaycast.http.Json;
import io.relaycast.status.StatusReport;
import io.relaycast.status.MountStatus;
import java.time.Instant;

/**
 * {@code /admin/listmounts}: each mount with listeners, seconds connected and content type, in Icecast's shape
 * ({@code <source mount=".."><listeners/><Connected/><content-type/></source>}) plus what is on air.
 */
final class ListMountsCommand implements AdminCommand {

    @Override
    public String name() {
        return "listmounts";
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
        Instant now = Instant.now();
        XmlElement icestats = XmlElement.of("icestats");
        ObjectNode json = Json.object();
        ArrayNode mounts = json.putArray("mounts");
        for (MountStatus mount : request.report().mounts(request.host(), StatusReport.Audience.ADMIN)) {
            long connected = mount.connectedSeconds(now);
            icestats.add(XmlElement.of("source").attribute("mount", mount.mount())
                    .text("fallback", mount.fallback() == null ? "" : mount.fallback())
                    .text("listeners", mount.listeners())
                    .text("Connected", connected)
                    .text("content-type", mount.contentType())
                    .text("on_air", mount.onAir()));
            mounts.addObject()
                    .put("mount", mount.mount())
                    .put("listeners", mount.listeners())
                    .put("connected", connected)
                    .put("content_type", mount.contentType())
                    .put("on_air", mount.onAir())
                    .put("title", mount.title())
                    .put("fallback", mount.fallback());
        }
        return AdminReply.ok(icestats, json);
    }
}
