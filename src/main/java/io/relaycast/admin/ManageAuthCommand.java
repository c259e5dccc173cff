package io.relaycast.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.auth.ListenerUsers;
import io.relaycast.http.Json;
import io.relaycast.mount.Mount;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/manageauth?mount=}: the users of a mount's listener users file, and with {@code action=add&username=
 * &password=} or {@code action=delete&username=} a user added or deleted, as Icecast's command of the same name
 * ({@code <icestats><source mount><User><username/></User>...</source><iceresponse><message/></iceresponse></icestats>}).
 * The file is small: it is rewritten on the event loop.
 */
final class ManageAuthCommand implements AdminCommand {

    private static final Logger log = LoggerFactory.getLogger(ManageAuthCommand.class);

    @Override
    public String name() {
        return "manageauth";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Mount mount = request.mount();
        ListenerUsers users = request.context().auth().listenerUsers(mount.path()).orElseThrow(() -> new AdminFailure(
                HttpResponseStatus.BAD_REQUEST, "Mount " + mount.path() + " has no listener users file"));
        String action = request.param("action");
        String message = null;
        try {
            if ("add".equals(action)) {
                String user = request.require("username");
                message = users.add(user, request.require("password")) ? "User added" : "User already exists - not added";
                log.info("admin: listener user {} of {}: {}", user, mount.path(), message);
            } else if ("delete".equals(action)) {
                String user = request.require("username");
                message = users.delete(user) ? "User deleted" : "User not found - not deleted";
                log.info("admin: listener user {} of {}: {}", user, mount.path(), message);
            } else if (action != null) {
                throw new AdminFailure(HttpResponseStatus.BAD_REQUEST, "Unknown action: " + action + " (add or delete)");
            }
        } catch (IllegalArgumentException unusable) {
            throw new AdminFailure(HttpResponseStatus.BAD_REQUEST, unusable.getMessage());
        } catch (IOException failed) {
            log.warn("admin: listener users file {} of {} cannot be changed: {}", users.file(), mount.path(), failed.toString());
            throw new AdminFailure(HttpResponseStatus.INTERNAL_SERVER_ERROR, "User " + action + " failed: the users file "
                    + "cannot be changed (see the server log)");
        }
        XmlElement source = XmlElement.of("source").attribute("mount", mount.path());
        ObjectNode json = Json.object().put("mount", mount.path());
        ArrayNode names = json.putArray("users");
        for (String user : users.names()) {
            source.add(XmlElement.of("User").text("username", user));
            names.add(user);
        }
        XmlElement icestats = XmlElement.of("icestats").add(source);
        if (message != null) {
            icestats.add(XmlElement.of("iceresponse").text("message", message));
            json.put("message", message);
        }
        return AdminReply.ok(icestats, json);
    }
}
