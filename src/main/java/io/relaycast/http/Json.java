package io.relaycast.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * JSON replies. One mapper for the process: Jackson's is thread-safe once configured, and it is never reconfigured.
 */
public final class Json {

    public static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static FullHttpResponse response(HttpResponseStatus status, JsonNode body) {
        try {
            return Responses.full(status, Unpooled.wrappedBuffer(MAPPER.writeValueAsBytes(body)), CONTENT_TYPE);
        } catch (JsonProcessingException impossible) {
            // a tree of plain nodes always serialises
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether the client asked for JSON: a {@code .json} path or {@code Accept: application/json}. */
    public static boolean wanted(HttpRequest request, String path) {
        if (path.endsWith(".json")) {
            return true;
        }
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("application/json");
    }
}
