package io.relaycast.admin;

/**
 * One {@code /admin/<name>} command. Runs on the request's event loop, so it must not block: long work is handed off.
 */
public interface AdminCommand {

    /** The name in the URL, e.g. "listclients". */
    String name();

    /**
     * Whether the command concerns one mount ({@code mount=}), so that mount's source credentials may run it, as
     * Icecast allows; server-wide commands need the admin.
     */
    boolean mountScoped();

    AdminReply run(AdminRequest request);
}
