package io.relaycast.hooks;

import io.relaycast.auth.BackendForms;
import io.relaycast.config.SourceActions;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Icecast's {@code mount_add} and {@code mount_remove} (options of its URL authentication): tells the station's web
 * backend when a live source connects to the mount and when it leaves, with the form Icecast posts
 * ({@code action=mount_add} or {@code mount_remove}, {@code mount}, {@code server}, {@code port}), and who the source is
 * ({@code ip}, {@code user} when a backend let it in, {@code agent}), which Icecast's backends ignore. Nothing waits for
 * the answer but the mount's next notice, sent in order by path ({@link NoticesInOrder}, shared by every mount, so that
 * the order outlives a mount retired between two sources); a backend that cannot be told is
 * logged, once until it can be again. The URLs are those the mount's settings name when the source comes or goes.
 */
final class BackendNotifier implements MountObserver {

    private static final Logger log = LoggerFactory.getLogger(BackendNotifier.class);

    private final Supplier<SourceActions> actions;
    private final String server;
    private final IntSupplier port;
    private final HttpClient http;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final NoticesInOrder notices;

    /**
     * {@code actions}: the mount's settings in force, looked up on each event; {@code server} and {@code port}: this
     * server's public name and port, as Icecast's {@code hostname}; {@code notices}: what sends them in order, the same
     * for every mount.
     */
    BackendNotifier(Supplier<SourceActions> actions, String server, IntSupplier port, HttpClient http,
                    NoticesInOrder notices) {
        this.actions = actions;
        this.notices = notices;
        this.server = server;
        this.port = port;
        this.http = http;
    }

    @Override
    public void liveStarted(Mount mount, LiveSource source) {
        URI addUrl = actions.get().addUrl();
        if (addUrl != null) {
            tell(addUrl, "mount_add", mount.path(), source);
        }
    }

    @Override
    public void liveEnded(Mount mount, LiveSource source) {
        URI removeUrl = actions.get().removeUrl();
        if (removeUrl != null) {
            tell(removeUrl, "mount_remove", mount.path(), source);
        }
    }

    private void tell(URI url, String action, String mount, LiveSource source) {
        HttpRequest request = BackendForms.post(url, form(action, mount, source));
        notices.send(mount, () -> BackendForms.send(http, request)
                .whenComplete((response, failure) -> {
                    if (failure == null) {
                        failing.set(false);
                    } else if (failing.compareAndSet(false, true)) {
                        log.warn("mount {}: {} to {} failed ({}); further failures are not logged until one works", mount,
                                action, BackendForms.where(url), failure.toString());
                    }
                }));
    }

    private Map<String, String> form(String action, String mount, LiveSource source) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("action", action);
        fields.put("mount", mount);
        fields.put("server", server);
        fields.put("port", Integer.toString(port.getAsInt()));
        fields.put("ip", ProgramRunner.address(source.remote()));
        fields.put("user", source.login() == null ? "" : source.login().user());
        fields.put("agent", source.userAgent() == null ? "" : source.userAgent());
        return fields;
    }
}
