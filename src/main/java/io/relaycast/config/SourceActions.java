package io.relaycast.config;

import java.net.URI;
import java.time.Duration;

/**
 * What the server does when a live source (an encoder, or a relay's origin) connects to a mount and when it leaves:
 * Icecast's per-mount {@code on-connect}, {@code on-disconnect} and {@code dump-file}, and the {@code mount_add} and
 * {@code mount_remove} of its URL authentication; and how long it keeps a silent one (Icecast's per-mount
 * {@code source-timeout}).
 *
 * @param onConnect    a program run, with the mount's path as its only argument, when a live source connects; or null
 * @param onDisconnect likewise when it leaves; or null
 * @param dumpFile     where the live stream is recorded, appended to, while a source is connected: a path in which
 *                     {@code %Y %m %d %H %M %S %%} are replaced with the connect time, as strftime would; or null
 * @param addUrl       the station's web backend, told with a form POST ({@code action=mount_add}) when a live source
 *                     connects; or null
 * @param removeUrl    likewise ({@code action=mount_remove}) when it leaves; or null
 * @param timeout      how long a live source may send no audio before it is dropped, over the server's
 *                     {@code --source-timeout}; or null for the server's
 */
public record SourceActions(String onConnect, String onDisconnect, String dumpFile, URI addUrl, URI removeUrl,
                            Duration timeout) {

    public static final SourceActions NONE = new SourceActions(null, null, null);

    public SourceActions {
        onConnect = blankToNull(onConnect);
        onDisconnect = blankToNull(onDisconnect);
        dumpFile = blankToNull(dumpFile);
        if (dumpFile != null) {
            DumpFileName.check(dumpFile);
        }
        ListenerAuth.requireHttpUrl("mount-add-url", addUrl);
        ListenerAuth.requireHttpUrl("mount-remove-url", removeUrl);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("source-timeout must be positive, was " + timeout.toMillis() / 1000.0 + " s");
        }
    }

    /** These, and a backend to tell; the server's source timeout. */
    public SourceActions(String onConnect, String onDisconnect, String dumpFile, URI addUrl, URI removeUrl) {
        this(onConnect, onDisconnect, dumpFile, addUrl, removeUrl, null);
    }

    /** Programs and a recording, no backend to tell. */
    public SourceActions(String onConnect, String onDisconnect, String dumpFile) {
        this(onConnect, onDisconnect, dumpFile, null, null);
    }

    public boolean isEmpty() {
        return onConnect == null && onDisconnect == null && dumpFile == null && addUrl == null && removeUrl == null
                && timeout == null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
