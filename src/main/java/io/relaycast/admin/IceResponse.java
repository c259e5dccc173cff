package io.relaycast.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Responses;

/** Icecast's reply to admin commands: {@code <iceresponse><message>..</message><return>1|0</return></iceresponse>}. */
public final class IceResponse {

    private IceResponse() {
    }

    public static FullHttpResponse success(String message) {
        return xml(HttpResponseStatus.OK, message, 1);
    }

    public static FullHttpResponse failure(HttpResponseStatus status, String message) {
        return xml(status, message, 0);
    }

    private static FullHttpResponse xml(HttpResponseStatus status, String message, int result) {
        String body = "<?xml version=\"1.0\"?>\n<iceresponse><message>" + Xml.escape(message) + "</message><return>" + result
                + "</return></iceresponse>\n";
        return Responses.full(status, body, "text/xml; charset=utf-8");
    }
}
