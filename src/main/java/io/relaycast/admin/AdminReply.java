package io.relaycast.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Json;
import io.relaycast.http.Responses;
import java.util.function.Supplier;

/**
 * The outcome of an admin command in both forms the API speaks: Icecast's XML, and JSON for scripts and the admin page.
 * Only the form asked for is built.
 *
 * @param status HTTP status
 * @param xml    builds the XML document's root
 * @param json   builds the same content as JSON
 */
public record AdminReply(HttpResponseStatus status, Supplier<XmlElement> xml, Supplier<JsonNode> json) {

    /** Icecast's {@code <iceresponse>} for a command that worked. */
    public static AdminReply success(String message) {
        return iceResponse(HttpResponseStatus.OK, message, 1);
    }

    /** Icecast's {@code <iceresponse>} with {@code <return>0</return>} for a command that did not. */
    public static AdminReply failure(HttpResponseStatus status, String message) {
        return iceResponse(status, message, 0);
    }

    public static AdminReply ok(XmlElement xml, JsonNode json) {
        return new AdminReply(HttpResponseStatus.OK, () -> xml, () -> json);
    }

    /** A reply that costs to build (a list of thousands of listeners): only the form asked for is built. */
    public static AdminReply ok(Supplier<XmlElement> xml, Supplier<JsonNode> json) {
        return new AdminReply(HttpResponseStatus.OK, xml, json);
    }

    private static AdminReply iceResponse(HttpResponseStatus status, String message, int result) {
        XmlElement xml = XmlElement.of("iceresponse").text("message", message).text("return", result);
        ObjectNode json = Json.object().put("message", message).put("return", result);
        return new AdminReply(status, () -> xml, () -> json);
    }

    public FullHttpResponse toResponse(boolean asJson) {
        if (asJson) {
            return Json.response(status, json.get());
        }
        return Responses.full(status, xml.get().document(), "text/xml; charset=utf-8");
    }
}
