package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A command that cannot run as asked (missing parameter, unknown mount); becomes a failed {@code <iceresponse>}. */
public final class AdminFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;

    public AdminFailure(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public AdminReply reply() {
        return AdminReply.failure(status, getMessage());
    }
}
