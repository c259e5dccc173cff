package io.relaycast.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP for the whole run of the server, taken before anything else: the JVM's own handler ends the process (exit 129)
 * on a HUP that comes while the server starts, and systemd starts it again, yet logrotate's postrotate and certbot's
 * deploy hooks send one whenever they run. A reload asked before the server is up runs once it is.
 */
final class ReloadSignal {

    private static final Logger log = LoggerFactory.getLogger(ReloadSignal.class);

    /** Guarded by this: what a HUP runs, once the server is up; and whether one came before. */
    private Runnable reload;
    private boolean askedBefore;

    private ReloadSignal() {
    }

    /** Takes SIGHUP from now on. */
    static ReloadSignal install() {
        ReloadSignal signal = new ReloadSignal();
        Signal.handle(new Signal("HUP"), hup -> signal.asked());
        return signal;
    }

    /** From now on a HUP runs {@code serverReload}; one that came before runs now, on this thread. */
    void reloadWith(Runnable serverReload) {
        boolean asked;
        synchronized (this) {
            reload = serverReload;
            asked = askedBefore;
        }
        if (asked) {
            log.info("config reload asked while starting: reloading now");
            serverReload.run();
        }
    }

    private void asked() {
        Runnable now;
        synchronized (this) {
            now = reload;
            askedBefore = now == null;
        }
        if (now == null) {
            log.info("config reload asked while starting: done once the server is up");
            return;
        }
        now.run();
    }
}
