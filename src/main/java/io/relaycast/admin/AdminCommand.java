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

    /**
     * Whether the command only reads (a report, a list) and changes nothing, so that it may run on any thread: such
     * commands are answered off the event loops, where a long list would hold up audio (listclients took 200-270 ms
     * with 12,000 listeners). Commands that change a mount run on an event loop.
     */
    default boolean readsOnly() {
        return false;
    }

    /**
     * Whether the command is answered off the event loops: those that only read, and those that wait for work done
     * elsewhere (a config reload), which must not hold up the audio of the listeners on the request's loop.
     */
    default boolean answersOffLoop() {
        return readsOnly();
    }

    AdminReply run(AdminRequest request);
}
