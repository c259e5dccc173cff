package io.relaycast.hooks;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.relaycast.auth.BackendForms;
import io.relaycast.config.MountConfig;
import io.relaycast.config.SourceActions;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What configured mounts do when a live source comes and goes ({@link SourceActions}): their programs run, their
 * recordings made and their web backends told. Owns the threads that do it, off every event loop: one that writes dump
 * files, and one per program run while it runs (the backends are told on the HTTP client's).
 */
public final class SourceHooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceHooks.class);

    private final ExecutorService writer = Executors.newSingleThreadExecutor(new DefaultThreadFactory("relaycast-dump", true));
    private final ExecutorService runners = Executors.newCachedThreadPool(new DefaultThreadFactory("relaycast-program", true));
    private final List<StreamDump> dumps = new CopyOnWriteArrayList<>();

    private final MountRegistry mounts;
    private final HttpClient http;
    private final String server;
    private final IntSupplier port;

    /** Installs the actions of every configured mount that has some; the mounts exist already (see AutoDj). */
    public SourceHooks(List<MountConfig> configured, MountRegistry mounts) {
        this(configured, mounts, BackendForms.client(), "localhost", () -> 0);
    }

    /**
     * As {@link #SourceHooks(List, MountRegistry)}, telling backends through {@code http} that this server is
     * {@code server}:{@code port} (Icecast's {@code hostname} and port; the port once it is bound).
     */
    public SourceHooks(List<MountConfig> configured, MountRegistry mounts, HttpClient http, String server,
                       IntSupplier port) {
        this.mounts = mounts;
        this.http = http;
        this.server = server;
        this.port = port;
        configured.forEach(this::add);
    }

    /** Installs the actions of one configured mount, if it has some: at startup, or for a mount a config reload added. */
    public void add(MountConfig config) {
        if (!config.sourceActions().isEmpty()) {
            attach(mounts.createPersistent(config.path()), config);
        }
    }

    /**
     * Installs the actions of {@code config} on {@code mount}, if it has some: a configured mount's, or those a mount no
     * config names takes from {@code mount-defaults} as it is created (they go with it when it is removed).
     */
    public void attach(Mount mount, MountConfig config) {
        SourceActions actions = config.sourceActions();
        if (actions.isEmpty()) {
            return;
        }
        if (actions.onConnect() != null || actions.onDisconnect() != null) {
            mount.addObserver(new ProgramRunner(actions.onConnect(), actions.onDisconnect(), runners));
            log.info("mount {}: on-connect {}, on-disconnect {}", config.path(), orNone(actions.onConnect()),
                    orNone(actions.onDisconnect()));
        }
        if (actions.addUrl() != null || actions.removeUrl() != null) {
            mount.addObserver(new BackendNotifier(actions.addUrl(), actions.removeUrl(), server, port, http));
            log.info("mount {}: live sources told to {} (mount_add), {} (mount_remove)", config.path(),
                    actions.addUrl() == null ? "none" : BackendForms.where(actions.addUrl()),
                    actions.removeUrl() == null ? "none" : BackendForms.where(actions.removeUrl()));
        }
        if (actions.dumpFile() != null) {
            StreamDump dump = new StreamDump(mount, actions.dumpFile(), writer);
            mount.addObserver(dump);
            mount.addFrameTap(dump);
            dumps.add(dump);
            log.info("mount {}: live sources recorded to {}", config.path(), actions.dumpFile());
        }
    }

    /** Closes the recordings still open and stops the writer; programs still running go on by themselves. */
    @Override
    public void close() {
        writer.execute(() -> dumps.forEach(StreamDump::closeOnWriter));
        writer.shutdown();
        runners.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("dump file writer did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String orNone(String program) {
        return program == null ? "none" : program;
    }
}
