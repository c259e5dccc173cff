package io.relaycast.server;

/** What a listening port accepts. With a separate source port, encoders can be firewalled off from listeners. */
public enum PortRole {
    /** Listeners, sources and admin: the default single port. */
    ALL,
    /** Listeners and admin only: the main port when a source port is configured. */
    LISTENERS,
    /** Sources and the metadata/admin calls encoders make. */
    SOURCES;

    public boolean acceptsSources() {
        return this != LISTENERS;
    }

    public boolean acceptsListeners() {
        return this != SOURCES;
    }
}
