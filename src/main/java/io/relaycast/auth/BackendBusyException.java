package io.relaycast.auth;

/**
 * An authentication backend already has as many requests waiting as it may ({@link BackendLine}): the listener or
 * source is refused at once rather than queued behind them, and may try again later.
 */
public final class BackendBusyException extends RuntimeException {

    /** What a listener or source refused for it hears, in Icecast's words. */
    public static final String ANSWER = "Busy, please try again later";

    BackendBusyException(String backend) {
        super("the authentication backend " + backend + " is busy", null, false, false);
    }
}
