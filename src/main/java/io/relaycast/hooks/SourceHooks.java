package io.relaycast.hooks;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.relaycast.auth.BackendForms;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What mounts do when a live source comes and goes ({@link SourceActions}): their programs run, their web backends
 * told, their recordings made. Programs and backends are those the config in force names for the mount when the source
 * comes or goes (its own settings, or its {@code mount-defaults} pattern's), as Icecast looks them up, so a reload
 * changes them for every mount at once; a recording is set up with a configured mount. Owns the threads that do it, off
 * every event loop: one that writes dump files, one that starts programs, and a few that read their output (the
 * backends are told on the HTTP client's).
 */
public final class SourceHooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceHooks.class);

    private final ExecutorService writer = Executors.newSingleThreadExecutor(new DefaultThreadFactory("relaycast-dump", true));
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(
            new DefaultThreadFactory("relaycast-program", true));
    private final ProgramOutputs outputs = new ProgramOutputs();
    private final List<StreamDump> dumps = new CopyOnWriteArrayList<>();
    /** Every mount's backend notices, in order by path: a mount retired between two sources keeps its order. */
    private final NoticesInOrder notices = new NoticesInOrder();

    private final Supplier<ServerConfig> config;
    private final MountRegistry mounts;
    private final HttpClient http;
    private final String server;
    private final IntSupplier port;

    /**
     * Tells the programs and backends of {@code config} (the config in force, looked up each time) about every mount,
     * those there are and those made from now on, that this server is {@code server}:{@code port} (Icecast's
     * {@code hostname} and port; the port once it is bound); sets up the recordings of the configured mounts, which
     * exist already (see AutoDj).
     */
    public SourceHooks(Supplier<ServerConfig> config, MountRegistry mounts, HttpClient http, String server,
                       IntSupplier port) {
        this.config = config;
        this.mounts = mounts;
        this.http = http;
        this.server = server;
        this.port = port;
        mounts.onMountCreated(this::notifyAbout);
        mounts.all().forEach(this::notifyAbout);
        config.get().mounts().forEach(this::add);
    }

    /** Sets up the recording of one configured mount, if it has one: at startup, or for a mount a config reload added. */
    public void add(MountConfig configured) {
        SourceActions actions = configured.sourceActions();
        if (actions.onConnect() != null || actions.onDisconnect() != null) {
            log.info("mount {}: on-connect {}, on-disconnect {}", configured.path(), orNone(actions.onConnect()),
                    orNone(actions.onDisconnect()));
        }
        if (actions.addUrl() != null || actions.removeUrl() != null) {
            log.info("mount {}: live sources told to {} (mount_add), {} (mount_remove)", configured.path(),
                    actions.addUrl() == null ? "none" : BackendForms.where(actions.addUrl()),
                    actions.removeUrl() == null ? "none" : BackendForms.where(actions.removeUrl()));
        }
        if (actions.dumpFile() != null) {
            Mount mount = mounts.createPersistent(configured.path());
            StreamDump dump = new StreamDump(mount, actions.dumpFile(), writer);
            mount.addObserver(dump);
            mount.addFrameTap(dump);
            dumps.add(dump);
            log.info("mount {}: live sources recorded to {}", configured.path(), actions.dumpFile());
        }
    }

    /** Has {@code mount} run the programs and tell the backends the config in force names for it. */
    private void notifyAbout(Mount mount) {
        Supplier<SourceActions> actions = () -> actionsOf(mount.path());
        mount.addObserver(new ProgramRunner(actions, launcher, outputs));
        mount.addObserver(new BackendNotifier(actions, server, port, http, notices));
    }

    private SourceActions actionsOf(String path) {
        MountConfig settings = config.get().mountSettings(path);
        return settings == null ? SourceActions.NONE : settings.sourceActions();
    }

    /** Closes the recordings still open and stops the writer; programs still running go on by themselves. */
    @Override
    public void close() {
        writer.execute(() -> dumps.forEach(StreamDump::closeOnWriter));
        writer.shutdown();
        launcher.shutdown();
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
