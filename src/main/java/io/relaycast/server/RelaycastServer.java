package io.relaycast.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.relaycast.Version;
import io.relaycast.admin.AdminEndpoint;
import io.relaycast.admin.MetadataEndpoint;
import io.relaycast.auth.AddressFilter;
import io.relaycast.auth.Authenticator;
import io.relaycast.auth.BackendForms;
import io.relaycast.auth.BackendLines;
import io.relaycast.auth.TrustedProxies;
import io.relaycast.config.ConfigChange;
import io.relaycast.config.ConfigSource;
import io.relaycast.config.ListenAddress;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.YpSettings;
import io.relaycast.directory.YpDirectory;
import io.relaycast.directory.YpSchedule;
import io.relaycast.hooks.PlaylistLog;
import io.relaycast.http.AccessLog;
import io.relaycast.http.Credentials;
import io.relaycast.logs.ErrorLog;
import io.relaycast.hooks.SourceHooks;
import io.relaycast.http.RequestHost;
import io.relaycast.listener.ListenerHandler;
import io.relaycast.listener.ListenerRegistry;
import io.relaycast.metrics.LogMetrics;
import io.relaycast.metrics.MetricsEndpoint;
import io.relaycast.metrics.RelaycastMetrics;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import io.relaycast.playlist.AutoDj;
import io.relaycast.playlist.JukeboxRegistry;
import io.relaycast.relay.MasterRelay;
import io.relaycast.relay.OriginTls;
import io.relaycast.relay.RelayPuller;
import io.relaycast.relay.StreamListEndpoint;
import io.relaycast.status.ShoutcastStatusEndpoint;
import io.relaycast.status.StatusJsonEndpoint;
import io.relaycast.status.StatusReport;
import io.relaycast.web.BuildM3uEndpoint;
import io.relaycast.web.IcecastPageEndpoint;
import io.relaycast.web.PlaylistFileEndpoint;
import io.relaycast.web.WebPageEndpoint;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstraps relaycast: event loops (epoll where available), the shared registries, and one or two listening ports.
 * {@link #close()} stops accepting, ends every source and listener, and releases all threads.
 */
public final class RelaycastServer implements AutoCloseable {

    /**
     * Off-loop answers that may wait for a thread; past that a request is told 503 at once. Unbounded, one address
     * holding thousands of connections with a scrape each would delay the health check and Prometheus past their
     * timeouts; bounded, they get a prompt busy answer and may retry.
     */
    public static final int MAX_WAITING_ANSWERS = 256;

    private static final Logger log = LoggerFactory.getLogger(RelaycastServer.class);

    private final ServerConfig config;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerSocketChannel> channelType;
    private final ServerContext context;
    private final RelaycastMetrics metrics;
    private final List<HttpEndpoint> endpoints = new ArrayList<>();
    private final ChannelGroup channels = new DefaultChannelGroup("relaycast", GlobalEventExecutor.INSTANCE);
    private final List<Channel> serverChannels = new ArrayList<>();
    /** The ports that serve as the main port does ({@code --extra-port}). */
    private final List<Channel> extraChannels = new ArrayList<>();
    /**
     * Computes the answers of {@link OffLoopEndpoint}s (a metrics scrape, a listener list, the status page), so no event
     * loop spends its time on them. Two threads: one slow answer does not hold up the status page; at most
     * {@link #MAX_WAITING_ANSWERS} wait.
     */
    private final ExecutorService offLoopAnswers = offLoopAnswers();
    /** Runs the config reloads, SIGHUP's and the admin's, one after another and off the event loops. */
    private final ExecutorService reloads =
            Executors.newSingleThreadExecutor(new DefaultThreadFactory("relaycast-reload", true));
    private Channel shoutcastChannel;
    private Channel tlsChannel;
    /** The certificate of the HTTPS port, read again on every reload; null without one. */
    private volatile ServerTls tls;
    /** Counted whether or not there is an HTTPS port, so that every relaycast meter is always scraped. */
    private final TlsHandshakeFailures tlsFailures = new TlsHandshakeFailures();
    private final AutoDj autoDj;
    private final SourceHooks sourceHooks;
    private final PlaylistLog playlistLog;
    private final AccessLog accessLog;
    private final ErrorLog errorLog;
    private volatile MasterRelay masterRelay;
    private final StatusReport status;
    /** How this server introduces itself: status pages and stream directories. */
    private final String serverId = "relaycast " + Version.get();
    private final List<YpDirectory> directories = new ArrayList<>();
    private final Class<? extends Channel> clientChannelType;
    private final List<RelayPuller> relays = new CopyOnWriteArrayList<>();
    private final ConfigReload reload;
    private final AcceptGuard acceptGuard;
    private volatile ConfigSource configSource;

    public RelaycastServer(ServerConfig config) {
        this(config, 0);
    }

    /** @param threads event loop threads for connections; 0 for two per core (Netty's default) */
    public RelaycastServer(ServerConfig config, int threads) {
        this(config, threads, BackendForms.TIMEOUT);
    }

    /**
     * @param threads        event loop threads for connections; 0 for two per core (Netty's default)
     * @param backendTimeout how long station backends (URL authentication, their notices) may take to answer:
     *                       {@link BackendForms#TIMEOUT}, or longer for tests whose backends hold their answers
     */
    public RelaycastServer(ServerConfig config, int threads, Duration backendTimeout) {
        this.config = config;
        // First: whatever the server says from here on goes where the config says.
        this.errorLog = new ErrorLog(() -> configInForce().files().errorLog(),
                () -> configInForce().files().logLevel());
        errorLog.apply();
        boolean epoll = Epoll.isAvailable();
        this.acceptors = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        this.workers = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.clientChannelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        MountRegistry mounts = new MountRegistry(workers, PooledByteBufAllocator.DEFAULT, config.queueSize(),
                config.chunkDuration());
        HttpClient authHttp = BackendForms.client(backendTimeout);
        BackendLines backendLines = new BackendLines();
        Function<ServerConfig, Authenticator> authenticators = each -> Authenticator.of(each, authHttp, backendLines);
        LiveConfig live = new LiveConfig(config, authenticators.apply(config));
        // Before any mount plays: the first title of a playlist is logged too.
        this.playlistLog = new PlaylistLog(() -> live.config().files().playlistLog(), mounts);
        this.accessLog = new AccessLog(() -> live.config().files().accessLog());
        this.context = new ServerContext(live, mounts, new ListenerRegistry(), new RequestStats(), new JukeboxRegistry(),
                new AddressFilter(config.access()), TrustedProxies.of(config.access()), new ConnectionGate());
        this.acceptGuard = new AcceptGuard(context.requests(), context.gate());
        this.metrics = new RelaycastMetrics(mounts, context.requests(), workers, PooledByteBufAllocator.DEFAULT);
        tlsFailures.bindTo(metrics.registry());
        new LogMetrics(Map.of("access", accessLog, "error", errorLog, "playlist", playlistLog), Tags.empty())
                .bindTo(metrics.registry());
        this.autoDj = new AutoDj(config.mounts(), mounts, context.jukeboxes(), PooledByteBufAllocator.DEFAULT);
        autoDj.intros().followSources(mounts, path -> live.config().mountSettings(path));
        String hostname = config.yp().hostname();
        this.sourceHooks = new SourceHooks(live::config, mounts, authHttp,
                hostname == null ? "localhost" : new RequestHost(hostname).hostname(), this::port);
        DefaultMountSettings defaults = new DefaultMountSettings(live, mounts, autoDj);
        this.reload = new ConfigReload(live, mounts, autoDj, sourceHooks, defaults, this::startRelay, authenticators,
                path -> masterRelay != null && masterRelay.holdsOpen(path));
        endpoints.add(new OptionsEndpoint());
        endpoints.add(new MetadataEndpoint(context));
        endpoints.add(new MetricsEndpoint(metrics.registry()));
        this.status = new StatusReport(context, Instant.now(), serverId);
        endpoints.add(new StatusJsonEndpoint(status));
        endpoints.add(new ShoutcastStatusEndpoint(context, status));
        endpoints.add(new IcecastPageEndpoint(status, context.requests()));
        endpoints.add(new AdminEndpoint(context, status, this::reloadConfig));
        endpoints.add(new WebPageEndpoint(context));
        endpoints.add(new PlaylistFileEndpoint(mounts, () -> context.config().webRoot()));
        endpoints.add(new BuildM3uEndpoint(context.requests()));
        endpoints.add(new StreamListEndpoint(context));
    }

    /**
     * Reads the config again from {@code source} on each {@link #reloadConfig()} (SIGHUP, {@code /admin/reloadconfig});
     * without one, a reload only reads the TLS certificate again and opens the logs again. Call before {@link #start()}.
     */
    public RelaycastServer reloadFrom(ConfigSource source) {
        this.configSource = source;
        return this;
    }

    /**
     * Reads the config again and puts it into force without dropping any source or listener, as Icecast does on SIGHUP:
     * a config that cannot be read or is not valid is rejected, and the server keeps running on the one it has; the
     * settings that cannot change while it runs keep their value, and the log says each needs a restart. The TLS
     * certificate is read again and the log files are opened again in every case: logrotate's SIGHUP, and certbot's,
     * come whether or not there is a file, or it is being edited. Runs on the reload thread, off the event loops that
     * carry audio, one reload after another: of two asked together, the one that read the newer file is put in force
     * last. Returns once it is done.
     */
    public ReloadOutcome reloadConfig() {
        Future<ReloadOutcome> outcome;
        try {
            outcome = reloads.submit(this::reloadNow);
        } catch (RejectedExecutionException closed) {
            return ReloadOutcome.rejected("the server is shutting down");
        }
        try {
            return outcome.get();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return ReloadOutcome.rejected("stopped waiting for the reload; the log says how it ends");
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException unexpected ? unexpected
                    : new IllegalStateException(failed.getCause());
        }
    }

    private ReloadOutcome reloadNow() {
        // Whatever becomes of the config: certbot's hook reloads for its certificate alone, with or without a file.
        if (tls != null) {
            tls.reload();
        }
        if (configSource == null) {
            reopenLogs();
            log.info("config reload: the server was started without a config file, nothing to reload but {}logs opened again",
                    tls != null ? "the TLS certificate (read again); " : "");
            return ReloadOutcome.nothingToReload();
        }
        try {
            ConfigChange change = reload.apply(configSource.read());
            change.needsRestart().forEach(setting -> log.warn("config reload: needs a restart: {}", setting));
            errorLog.apply();
            reopenLogs();
            log.info("config reloaded");
            return ReloadOutcome.reloaded(change.needsRestart());
        } catch (IllegalArgumentException invalid) {
            reopenLogs();
            log.error("config reload rejected, still running on the old config: {}", invalid.getMessage());
            return ReloadOutcome.rejected(invalid.getMessage());
        }
    }

    /** Closes the log files once their lines are written, so that a file logrotate renamed starts anew by its name. */
    private void reopenLogs() {
        playlistLog.reopen();
        accessLog.reopen();
        errorLog.reopen();
    }

    /** The config a reload put in force, or the one the server was made with, before its context is. */
    private ServerConfig configInForce() {
        return context == null ? config : context.config();
    }

    public ServerContext context() {
        return context;
    }

    /** The registry behind {@code /metrics}, for components that add their own meters. */
    public PrometheusMeterRegistry meterRegistry() {
        return metrics.registry();
    }

    private static ExecutorService offLoopAnswers() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING_ANSWERS), new DefaultThreadFactory("relaycast-answers", true));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Adds an endpoint; call before {@link #start()}. Earlier endpoints win when several match. */
    public void addEndpoint(HttpEndpoint endpoint) {
        endpoints.add(endpoint);
    }

    /** Binds the ports; returns once the server accepts connections. */
    public RelaycastServer start() throws InterruptedException {
        try {
            bindPorts();
            startRelays();
            startDirectories();
        } catch (Exception bindFailed) {
            // A port already taken: release what was bound (ports, event loops) before reporting it.
            close();
            throw bindFailed;
        }
        return this;
    }

    private void bindPorts() throws InterruptedException {
        List<HttpEndpoint> frozen = List.copyOf(endpoints);
        PortRole mainRole = config.hasSourcePort() ? PortRole.LISTENERS : PortRole.ALL;
        serverChannels.add(bind(config.port(), mainRole, frozen, "--port"));
        if (config.hasSourcePort()) {
            serverChannels.add(bind(config.sourcePort(), PortRole.SOURCES, frozen, "--source-port"));
        }
        for (ListenAddress extra : config.extraPorts()) {
            extraChannels.add(bind(extra.bindAddress() != null ? extra.bindAddress() : config.bindAddress(), extra.port(),
                    new RelaycastServerInitializer(context, frozen, mainRole, channels, offLoopAnswers), "--extra-port"));
        }
        if (config.tls().isEnabled()) {
            tls = ServerTls.load(config.tls(), tlsFailures);
            tlsChannel = bind(config.tls().port(), new RelaycastServerInitializer(context, frozen, mainRole, channels,
                    offLoopAnswers, tls), "--tls-port");
        }
        if (config.hasShoutcastMount()) {
            // Icecast's convention: one above the port sources use. Port 0 (tests) takes any free port.
            int base = config.hasSourcePort() ? config.sourcePort() : config.port();
            shoutcastChannel = bind(base == 0 ? 0 : base + 1,
                    new ShoutcastSourceInitializer(context, config.shoutcastMount(), channels),
                    "SHOUTcast v1 sources, the port above the source port");
        }
        log.info("relaycast listening on {}:{}{}{}{}{} ({} event loops, {})", config.bindAddress(), port(),
                extraChannels.isEmpty() ? "" : " and " + extraChannels.stream().map(channel -> {
                    InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
                    return bound.getAddress().getHostAddress() + ":" + bound.getPort();
                }).collect(Collectors.joining(", ")),
                config.hasSourcePort() ? ", sources on port " + sourcePort() : "",
                tlsChannel != null ? ", HTTPS on port " + tlsPort() : "",
                config.hasShoutcastMount() ? ", SHOUTcast v1 sources for " + config.shoutcastMount() + " on port "
                        + shoutcastPort() : "",
                context.mounts().loops().size(), channelType.getSimpleName());
        ConnectionGate gate = context.gate();
        int maxConnections = gate.maxConnections(config.limits());
        if (maxConnections > gate.fileLimitedConnections()) {
            log.warn("max-connections {} is more than the open-files limit leaves room for ({}): raise it (ulimit -n, "
                    + "LimitNOFILE=, docker --ulimit nofile=) or clients will fail to connect", maxConnections,
                    gate.fileLimitedConnections());
        } else {
            log.info("taking up to {} connections at once{}", maxConnections, config.limits().maxConnections() == 0
                    ? " (what the open-files limit leaves room for)" : "");
        }
    }

    /** Each mount with a relay URL starts pulling from its origin; with a master, every mount on its list does too. */
    private void startRelays() {
        boolean anyOrigin = config.relaying().hasMaster() || config.mounts().stream().anyMatch(m -> m.relay() != null);
        OriginTls tls = anyOrigin ? OriginTls.trusting(config.relaying().trustedCertificates()) : null;
        if (config.relaying().hasMaster()) {
            masterRelay = new MasterRelay(config.relaying(), this::configuredOrRelayedPaths, context.mounts(),
                    (local, origin) -> new RelayPuller(local, origin, local.loop(), clientChannelType,
                            () -> context.config().sourceTimeout(local.path()),
                            config.relaying().relaysOnDemand(), tls, () -> context.config().sourceCharset(local.path()))
                            .loggingAccessTo(accessLog).start(), tls).start();
        }
        for (MountConfig mount : config.mounts()) {
            if (mount.relay() != null) {
                startRelay(mount, tls);
            }
        }
    }

    /**
     * The mounts the master's list must leave alone: those configured now, and those fed by a relay of their own, which
     * runs on until a restart after a reload took its mount out of the file (two relays would fight over the mount).
     */
    private Set<String> configuredOrRelayedPaths() {
        Set<String> paths = context.config().mounts().stream().map(MountConfig::path)
                .collect(Collectors.toCollection(HashSet::new));
        relays.forEach(relay -> paths.add(relay.mountPath()));
        return paths;
    }

    /** A mount added by a config reload pulls its origin, if it has one. */
    private void startRelay(MountConfig mount) {
        if (mount.relay() == null) {
            return;
        }
        try {
            startRelay(mount, OriginTls.trusting(config.relaying().trustedCertificates()));
        } catch (IllegalArgumentException unusable) {
            log.error("relay {} cannot start: {}", mount.path(), unusable.getMessage());
        }
    }

    private void startRelay(MountConfig mount, OriginTls tls) {
        Mount local = context.mounts().keep(mount.path(), mount);
        relays.add(new RelayPuller(local, mount.relay(), local.loop(), clientChannelType,
                () -> context.config().sourceTimeout(mount.path()), mount.relayOnDemand(), tls,
                () -> context.config().sourceCharset(mount.path())).loggingAccessTo(accessLog).start());
        log.info("relay {} <- {}{}", mount.path(), Credentials.withoutPassword(mount.relay()),
                mount.relayOnDemand() ? " (on demand)" : "");
    }

    /** Each stream directory configured starts listing the public mounts. */
    private void startDirectories() {
        YpSettings yp = config.yp();
        if (!yp.isEnabled()) {
            return;
        }
        if (yp.isLocalHostname()) {
            log.warn("the hostname {} only reaches this machine: directories will list addresses nobody else can play",
                    yp.hostname());
        }
        String authority = yp.authority(port());
        for (URI url : yp.urls()) {
            directories.add(new YpDirectory(url, yp, YpSchedule.ICECAST,
                    YpDirectory.publicMounts(context.mounts(), status, authority), () -> context.config().maxListeners(),
                    serverId).start());
        }
    }

    /** The stream directories the public mounts are listed in, in configuration order. */
    public List<YpDirectory> directories() {
        return List.copyOf(directories);
    }

    /** The relays pulling from origin servers, in configuration order. */
    public List<RelayPuller> relays() {
        return List.copyOf(relays);
    }

    /** The main port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannels.get(0).localAddress()).getPort();
    }

    /** The open client connections: for tests that look at a connection from the server's side. */
    ChannelGroup connections() {
        return channels;
    }

    /** The extra ports actually bound ({@code --extra-port}), in the order given. */
    public List<Integer> extraPorts() {
        return extraChannels.stream().map(channel -> ((InetSocketAddress) channel.localAddress()).getPort()).toList();
    }

    /** The source port actually bound, or -1. */
    public int sourcePort() {
        return serverChannels.size() > 1 ? ((InetSocketAddress) serverChannels.get(1).localAddress()).getPort() : -1;
    }

    /** The SHOUTcast v1 source port actually bound, or -1. */
    public int shoutcastPort() {
        return shoutcastChannel == null ? -1 : ((InetSocketAddress) shoutcastChannel.localAddress()).getPort();
    }

    /** The HTTPS port actually bound, or -1. */
    public int tlsPort() {
        return tlsChannel == null ? -1 : ((InetSocketAddress) tlsChannel.localAddress()).getPort();
    }

    private Channel bind(int port, PortRole role, List<HttpEndpoint> frozen, String purpose) throws InterruptedException {
        return bind(port, new RelaycastServerInitializer(context, frozen, role, channels, offLoopAnswers), purpose);
    }

    private Channel bind(int port, ChannelInitializer<Channel> initializer, String purpose) throws InterruptedException {
        return bind(config.bindAddress(), port, initializer, purpose);
    }

    private Channel bind(String address, int port, ChannelInitializer<Channel> initializer, String purpose)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(acceptGuard)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A listener that shuts down its sending side keeps listening, as with Icecast; see InputEndHandler.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childAttr(AccessLog.KEY, accessLog)
                .childHandler(initializer);
        return PortUnavailableException.bind(bootstrap, address, port, purpose);
    }

    @Override
    public void close() {
        log.info("shutting down: closing ports, relays, sources and listeners");
        // Every directory is told at once, and answers while the ports close: a slow one costs the stop 5 s at most.
        long removesDeadline = System.nanoTime() + YpDirectory.REMOVES_WAIT.toNanos();
        CompletableFuture<Void> unlisted = CompletableFuture.allOf(directories.stream().map(YpDirectory::unlist)
                .toArray(CompletableFuture[]::new));
        if (masterRelay != null) {
            masterRelay.close();
        }
        relays.forEach(RelayPuller::close);
        for (Channel channel : serverChannels) {
            channel.close().awaitUninterruptibly();
        }
        for (Channel channel : extraChannels) {
            channel.close().awaitUninterruptibly();
        }
        if (shoutcastChannel != null) {
            shoutcastChannel.close().awaitUninterruptibly();
        }
        if (tlsChannel != null) {
            tlsChannel.close().awaitUninterruptibly();
        }
        for (ListenerHandler listener : context.listeners().all()) {
            listener.disconnect(DisconnectReason.SERVER_SHUTDOWN);
        }
        autoDj.close();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        try {
            // Every feed must have released its chunks before the event loops that own them stop.
            context.mounts().closeAll().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("mounts did not close cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        YpDirectory.awaitRemoves(unlisted, removesDeadline);
        // After the mounts: no frame reaches a recording any more, and what is queued is written before files close.
        sourceHooks.close();
        playlistLog.close();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        // After the event loops: the lines of the connections closed above are written.
        accessLog.close();
        offLoopAnswers.shutdownNow();
        reloads.shutdownNow();
        metrics.close();
        log.info("relaycast stopped");
        errorLog.close();
    }
}
