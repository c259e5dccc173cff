package io.relaycast.cli;

import io.relaycast.Version;
import io.relaycast.cli.OptionConverters.BurstConverter;
import io.relaycast.cli.OptionConverters.ForwardedHeaderConverter;
import io.relaycast.cli.OptionConverters.ListenAddressConverter;
import io.relaycast.cli.OptionConverters.SizeConverter;
import io.relaycast.config.AccessLists;
import io.relaycast.config.ConnectionLimits;
import io.relaycast.config.BurstSize;
import io.relaycast.config.ConfigFile;
import io.relaycast.config.PathAliases;
import io.relaycast.config.ResponseHeaders;
import io.relaycast.config.ForwardedHeader;
import io.relaycast.config.ListenAddress;
import io.relaycast.config.LogLevel;
import io.relaycast.config.MountConfig;
import io.relaycast.config.MountDefaults;
import io.relaycast.config.Relaying;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.ServerFiles;
import io.relaycast.config.ServerInfo;
import io.relaycast.config.TlsSettings;
import io.relaycast.config.YpSettings;
import io.relaycast.metrics.ManagementServer;
import io.relaycast.mp3.SampleFormat;
import io.relaycast.loadtest.LoadTestCommand;
import io.relaycast.server.RelaycastServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * Runs the server until SIGTERM or SIGINT, then shuts down cleanly and exits 0. SIGHUP reads the config file again and
 * puts it into force, as Icecast does.
 */
@Command(name = "relaycast", mixinStandardHelpOptions = true, versionProvider = ServeCommand.VersionProvider.class,
        subcommands = {HealthcheckCommand.class, PacingDriftCommand.class, LoadTestCommand.class, ImportIcecastCommand.class},
        description = "Live MP3 streaming server: Icecast-compatible sources and listeners, frame-resynced relay.",
        showDefaultValues = true, sortOptions = false,
        footer = "%nEvery option can also be set from the environment: --source-password as RELAYCAST_SOURCE_PASSWORD, etc.")
public final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--port", defaultValue = "8000", description = "Port for listeners (and sources, unless --source-port).")
    int port;

    @Option(names = "--extra-port", paramLabel = "[ADDRESS:]PORT", split = ",", converter = ListenAddressConverter.class,
            description = "Another port that serves as --port does (Icecast's further <listen-socket>s): 80 beside 8000 "
                    + "for listeners behind firewalls that allow web ports only; with an address of its own "
                    + "(127.0.0.1:8001, [::1]:8001) it listens there rather than on --bind. Comma-separated or repeated.")
    List<ListenAddress> extraPorts;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on.")
    String bind;

    @Option(names = "--source-port", defaultValue = "-1",
            description = "Separate port that alone accepts sources (-1: sources use --port).")
    int sourcePort;

    @Option(names = "--shoutcast-mount",
            description = "Also accept SHOUTcast v1 sources (Winamp DSP, SAM, butt or Mixxx in SHOUTcast mode, libshout's "
                    + "ICY protocol) on the port above the source port (--source-port, else --port), for this mount. "
                    + "Their title updates (/admin.cgi) go to it too. Off unless set.")
    String shoutcastMount;

    @Option(names = "--source-password", defaultValue = ServerConfig.DEFAULT_SOURCE_PASSWORD,
            description = "Password for user 'source'.")
    String sourcePassword;

    @Option(names = "--admin-user", defaultValue = "admin", description = "Admin user name.")
    String adminUser;

    @Option(names = "--admin-password", defaultValue = ServerConfig.DEFAULT_ADMIN_PASSWORD, description = "Admin password.")
    String adminPassword;

    @Option(names = "--burst-size", defaultValue = "64k", converter = BurstConverter.class,
            description = "Audio sent at once to a new listener: bytes (65536, 64k) or seconds (4s).")
    BurstSize burstSize;

    @Option(names = "--queue-size", defaultValue = "512k", converter = SizeConverter.class,
            description = "Recent audio kept per mount; a listener further behind is disconnected.")
    long queueSize;

    @Option(names = "--max-listeners", defaultValue = "10000", description = "Listeners allowed on the server.")
    int maxListeners;

    @Option(names = "--source-timeout", defaultValue = "10",
            description = "Seconds without MP3 audio after which a source is dropped.")
    int sourceTimeout;

    @Option(names = "--header-timeout", defaultValue = "15", description = "Seconds a client has to send its request head.")
    int headerTimeout;

    @Option(names = "--listener-timeout", defaultValue = "20",
            description = "Seconds a listener may read nothing before it is disconnected.")
    int listenerTimeout;

    @Option(names = "--metaint", defaultValue = "16000", description = "Audio bytes between ICY metadata blocks.")
    int metaint;

    @Option(names = "--management-port", defaultValue = "-1",
            description = "Separate port that serves only /metrics (-1: none; /metrics is always on --port too).")
    int managementPort;

    @Option(names = "--threads", defaultValue = "0", description = "Event loop threads (0: two per core).")
    int threads;

    @Option(names = "--config", description = "YAML config file (mounts, passwords per mount, playlists, limits); "
            + "the command line and the environment override it. See relaycast.example.yaml.")
    Path configFile;

    @Option(names = "--playlist", description = "Fallback for --mount: a folder of MP3 files (recursive), an .m3u/.m3u8 "
            + "or a .pls file, or one .mp3 file, played (looping) while no live source is connected.")
    Path playlist;

    @Option(names = "--relay", paramLabel = "MOUNT=URL", mapFallbackValue = "",
            description = "Pull MOUNT from an origin server (Icecast or relaycast), e.g. --relay /live=http://origin:8000/live "
                    + "(or https://), "
                    + "as Icecast's <relay> does: played as the mount's live input, reconnected whenever it drops. "
                    + "Repeat for more mounts.")
    Map<String, String> relays;

    @Option(names = "--master", paramLabel = "URL",
            description = "Relay every mount of this master server (relaycast or Icecast), as an Icecast slave does: "
                    + "http://relay:PASSWORD@origin:8000 (or https://) reads its /admin/streamlist.txt and pulls each "
                    + "mount listed.")
    URI master;

    @Option(names = "--master-update-interval", defaultValue = "120",
            description = "Seconds between readings of the master's stream list.")
    int masterUpdateInterval;

    @Option(names = "--relay-user", defaultValue = Relaying.DEFAULT_RELAY_USER,
            description = "User that this server's relays log in as to read its stream list.")
    String relayUser;

    @Option(names = "--relay-password",
            description = "Password of --relay-user (unset: only the admin may read the stream list).")
    String relayPassword;

    @Option(names = "--relays-on-demand", defaultValue = "false",
            description = "Pull each of the --master's mounts only while it has listeners here (Icecast's <relays-on-demand>).")
    boolean relaysOnDemand;

    @Option(names = "--relay-ca", paramLabel = "PEM",
            description = "Certificates to trust for https:// origins (--relay, --master) instead of Java's own "
                    + "authorities, e.g. an origin's self-signed certificate.")
    Path relayCa;

    @Option(names = "--yp-url", paramLabel = "URL", split = ",",
            description = "List the public mounts in this stream directory (Icecast's <yp-url>), e.g. "
                    + "http://dir.xiph.org/cgi-bin/yp-cgi; repeat it, or separate with commas, for several. Needs --hostname.")
    List<URI> ypUrls;

    @Option(names = "--yp-url-timeout", defaultValue = "15",
            description = "Seconds a stream directory may take to answer.")
    int ypUrlTimeout;

    @Option(names = "--yp-touch-interval", defaultValue = "600",
            description = "Seconds between updates of each listing (listeners, song), unless the directory asks for "
                    + "another interval; at least 30.")
    int ypTouchInterval;

    @Option(names = "--hostname", paramLabel = "HOST[:PORT]",
            description = "The public name of this server, which directory listings give as each mount's address "
                    + "(http://HOST:PORT/mount; PORT defaults to --port), as Icecast's <hostname>.")
    String hostname;

    @Option(names = "--location", paramLabel = "TEXT",
            description = "Where the server is, as its status shows it (Icecast's <location>; Earth by default).")
    String location;

    @Option(names = "--admin-contact", paramLabel = "TEXT",
            description = "How to reach the server's operator, usually an e-mail address, as its status shows it "
                    + "(Icecast's <admin>; icemaster@localhost by default).")
    String adminContact;

    @Option(names = "--tls-port", defaultValue = "-1",
            description = "Also serve listeners, sources, status and admin over HTTPS on this port (Icecast's <ssl>); "
                    + "needs --tls-certificate.")
    int tlsPort;

    @Option(names = "--tls-certificate", paramLabel = "PEM",
            description = "Certificate chain for --tls-port, in PEM; with the private key in the same file (as Icecast's "
                    + "<ssl-certificate>) unless --tls-key is given.")
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key for --tls-certificate (PKCS#8 PEM).")
    Path tlsKey;

    @Option(names = "--web-root", paramLabel = "DIR",
            description = "Serve the files in DIR at the paths no mount or page takes (Icecast's <webroot> with "
                    + "<fileserve>): a logo, a player page. In the config file, relative to the file.")
    Path webRoot;

    @Option(names = "--playlist-log", paramLabel = "FILE",
            description = "Append a line to FILE for every title put on the air, on any mount (Icecast's <playlistlog>): "
                    + "time|mount|listeners|title. Opened again on a reload (after logrotate). In the config file, "
                    + "relative to the file.")
    Path playlistLog;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "Append the access log to FILE instead of standard output (Icecast's <accesslog>): a line per "
                    + "finished listener, source or file download. Opened again on a reload (after logrotate). In the "
                    + "config file, relative to the file; - for standard output.")
    Path accessLog;

    @Option(names = "--error-log", paramLabel = "FILE",
            description = "Append the server's own log (starts, stops, sources, warnings, errors) to FILE instead of "
                    + "standard error (Icecast's <errorlog>). Opened again on a reload (after logrotate). In the config "
                    + "file, relative to the file; - for standard error.")
    Path errorLog;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "How much the server's own log says: error, warn, info or debug, or Icecast's <loglevel> 1 to 4 "
                    + "(default: RELAYCAST_LOG_LEVEL, else info). A reload changes it.")
    String logLevel;

    @Option(names = "--deny-ip", paramLabel = "FILE",
            description = "Refuse connections from the addresses in FILE: one IP address or CIDR network per line, "
                    + "# for comments, read again when it changes (Icecast's <deny-ip>).")
    Path denyIp;

    @Option(names = "--allow-ip", paramLabel = "FILE",
            description = "Let in only the addresses in FILE, in the same format (Icecast's <allow-ip>).")
    Path allowIp;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS", split = ",",
            description = "A reverse proxy (an IP address or CIDR network; comma-separated or repeated) whose word on the "
                    + "client behind it is taken: its X-Forwarded-For or PROXY protocol header, for the access log, the "
                    + "listener lists, authentication backends and --deny-ip/--allow-ip; and X-Forwarded-Proto: https "
                    + "for the links handed out. Nobody's by default.")
    List<String> trustedProxies;

    @Option(names = "--trusted-proxy-header", paramLabel = "NAME", converter = ForwardedHeaderConverter.class,
            defaultValue = "X-Forwarded-For",
            description = "The header the trusted proxies name their client in: X-Forwarded-For (default), Forwarded "
                    + "(RFC 7239, its proto=https too) or X-Real-IP (nginx's proxy_set_header X-Real-IP $remote_addr). Only "
                    + "that one is read: a proxy passes the others on as the client wrote them.")
    ForwardedHeader trustedProxyHeader;

    @Option(names = {"--http-header", "--http-headers"}, paramLabel = "'NAME: VALUE'", split = "\\n",
            description = "A header added to every answer (Icecast's <http-headers>), e.g. 'X-Robots-Tag: noindex'; repeat "
                    + "it for several; '404 NAME: VALUE' only on answers of that status. It replaces a header of the same name "
                    + "the server sends; Content-Type, Content-Length, Connection and the like cannot be set.")
    List<String> httpHeaders;

    @Option(names = "--alias", paramLabel = "[PORT ]SOURCE=DESTINATION", split = ",",
            description = "Answer listeners' and pages' requests for the path SOURCE as for DESTINATION (Icecast's <alias>): "
                    + "an old mount name, or / as the station's stream (--alias /=/live); comma-separated or repeated. "
                    + "'8001 /=/live' (or '127.0.0.1:8001 /=/live') holds on that port only; the first that holds is taken.")
    List<String> aliases;

    @Option(names = "--max-connections", defaultValue = "0",
            description = "Connections open at once, of every kind (Icecast's <clients>); beyond it a client is told 503. "
                    + "0: as many as the open-files limit allows, keeping some free for playlists and logs.")
    int maxConnections;

    @Option(names = "--max-pending-per-address", defaultValue = "" + ConnectionLimits.DEFAULT_MAX_PENDING_PER_ADDRESS,
            description = "Connections one client address may hold before they have sent a whole request; beyond it "
                    + "the address is told 503. 0: no limit (a load test from one machine).")
    int maxPendingPerAddress;

    @Option(names = "--max-sources", defaultValue = "0",
            description = "Live sources (encoders and relays) at once (Icecast's <sources>): beyond it an encoder is told "
                    + "403 Too many sources connected, unless it takes over a mount already live. 0: no limit.")
    int maxSources;

    @Option(names = "--mount", defaultValue = MountConfig.DEFAULT_MOUNT, description = "The mount --playlist feeds.")
    String mount;

    @Option(names = "--shuffle", defaultValue = "false", description = "Shuffle --playlist (no repeat until all played).")
    boolean shuffle;

    @Option(names = "--conform", defaultValue = "false",
            description = "Re-encode (with ffmpeg) a live source, playlist track or relayed fallback mount on --mount that "
                    + "would change its stream's format: another sample rate, or stereo in a mono stream. VLC loses the "
                    + "audio after such changes.")
    boolean conform;

    @Option(names = "--sample-rate", paramLabel = "HZ",
            description = "The sample rate --mount's stream is (44100, 48000, ...): its silence before any audio has it, "
                    + "and with --conform every input is held to it from the first. Default: the first audio's.")
    String sampleRate;

    @Option(names = "--channels", paramLabel = "1|2",
            description = "The channels --mount's stream has: 2 (stereo) or 1 (mono), as --sample-rate. Default: the first "
                    + "audio's.")
    String channels;

    @Option(names = "--playlist-resume", defaultValue = "CONTINUE",
            description = "After a live source leaves, go on with the paused track (CONTINUE) or the next one (NEXT_TRACK).")
    MountConfig.Resume playlistResume;

    /** Mounts from the config file, once it has been merged in. */
    private List<MountConfig> fileMounts;
    private List<MountDefaults> fileMountDefaults = List.of();
    /** The command line as given, without the config file's settings: what a config reload reads the file under. */
    private List<String> givenArgs;
    /** SIGHUP, taken from the start of {@link #call()}: handed on to the command the config file's settings make. */
    private ReloadSignal reloads;

    /** The settings this command took from the config file, with where they are in it ({@code ", line 3"}). */
    private Map<String, String> fileSettings = Map.of();

    @Option(names = "--chunk-duration", defaultValue = "20",
            description = "Milliseconds of audio gathered into one shared chunk (the unit of fan-out and of switching); "
                    + "20 makes every MP3 frame a chunk.")
    int chunkMillis;

    @Option(names = "--write-interval", defaultValue = "180",
            description = "Milliseconds of audio between writes to a listener at the live edge, each listener on its own "
                    + "turn; longer means fewer, larger writes (less CPU) and more latency. See docs/benchmark.md.")
    int writeIntervalMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        reloads = reloads != null ? reloads : ReloadSignal.install();
        if (configFile != null && fileMounts == null) {
            return withConfigFile().call();
        }
        ServerConfig config;
        try {
            config = checkedConfig();
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage(), invalid);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        RelaycastServer server;
        try {
            server = new RelaycastServer(config, threads);
            // Once the server has opened its error log: these are the first lines in it.
            warnAboutDefaults(config);
            warnAboutWebRoot(config);
            if (givenArgs != null) {
                server.reloadFrom(this::reread);
            }
            server.start();
            reloads.reloadWith(server::reloadConfig);
        } catch (IllegalArgumentException unusable) {
            throw new ParameterException(spec.commandLine(), unusable.getMessage(), unusable);
        }
        ManagementServer management = managementPort >= 0
                ? ManagementServer.start(config.bindAddress(), managementPort, server.meterRegistry(), config.headerTimeout(),
                server.context().requests()) : null;
        stop.await();
        if (management != null) {
            management.close();
        }
        server.close();
        return 0;
    }

    /**
     * The config as the file reads now, under the command line and environment this server was started with: what a
     * config reload puts into force. Not valid: an {@link IllegalArgumentException} saying why.
     */
    ServerConfig reread() {
        ServeCommand again;
        try {
            CommandLine line = Main.commandLine();
            line.parseArgs(givenArgs.toArray(String[]::new));
            again = ((ServeCommand) line.getCommand()).withConfigFile();
        } catch (CommandLine.ParameterException invalid) {
            throw new IllegalArgumentException(invalid.getMessage(), invalid);
        }
        if (again.threads != threads) {
            log.warn("config reload: needs a restart: threads");
        }
        if (again.managementPort != managementPort) {
            log.warn("config reload: needs a restart: management-port");
        }
        ServerConfig reread = again.checkedConfig();
        warnAboutWebRoot(reread);
        return reread;
    }

    /** The config, checked; what is wrong with a value from the config file is said with its place in the file. */
    private ServerConfig checkedConfig() {
        try {
            return requireReadablePlaylists(config());
        } catch (IllegalArgumentException invalid) {
            // The config's checks start with the setting's name: "port must be ...", "header timeout must be ...".
            String setting = invalid.getMessage().split(" must |[:(,]", 2)[0].trim().replace(' ', '-');
            String where = fileSettings.get(setting);
            if (where == null) {
                throw invalid;
            }
            throw new IllegalArgumentException("config file " + configFile + where + ": " + invalid.getMessage(), invalid);
        }
    }

    /**
     * A playlist that is not there, or that this user may not read, is a mistake in its path or its permissions (a
     * typo, a folder owned by another user): said at start, and by a refused reload, rather than found later as a mount
     * that plays silence. Files in it that cannot be played are still only skipped.
     */
    private static ServerConfig requireReadablePlaylists(ServerConfig config) {
        for (MountConfig mount : config.mounts()) {
            Path playlist = mount.playlist();
            if (playlist != null && !Files.isReadable(playlist)) {
                throw new IllegalArgumentException("playlist of " + mount.path() + ", " + playlist
                        + (Files.exists(playlist) ? ", cannot be read" : ", does not exist"));
            }
        }
        return config;
    }

    ServerConfig config() {
        return new ServerConfig(bind, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize, queueSize,
                maxListeners, Duration.ofSeconds(sourceTimeout), Duration.ofSeconds(headerTimeout), metaint,
                Duration.ofMillis(chunkMillis), Duration.ofSeconds(listenerTimeout), Duration.ofMillis(writeIntervalMillis),
                mounts(), shoutcastMount,
                new Relaying(master, Duration.ofSeconds(masterUpdateInterval), relayUser, relayPassword, relayCa,
                        relaysOnDemand),
                new YpSettings(ypUrls, Duration.ofSeconds(ypUrlTimeout), Duration.ofSeconds(ypTouchInterval), hostname),
                new TlsSettings(tlsPort, tlsCertificate, tlsKey), new AccessLists(denyIp, allowIp, trustedProxies,
                        trustedProxyHeader),
                new ConnectionLimits(maxConnections, maxPendingPerAddress, maxSources), ResponseHeaders.parse(httpHeaders),
                PathAliases.parse(aliases), fileMountDefaults, extraPorts, new ServerFiles(webRoot, playlistLog(),
                standardStreamIfDash(accessLog), standardStreamIfDash(errorLog),
                logLevel == null ? null : logLevel()), new ServerInfo(location, adminContact));
    }

    /**
     * The --log-level given; one that only RELAYCAST_LOG_LEVEL gives and that is not understood is info, as for every
     * subcommand ({@link EnvironmentLogLevel} has warned of it), so that a container with a typo in it still runs.
     */
    private LogLevel logLevel() {
        try {
            return LogLevel.parse(logLevel);
        } catch (IllegalArgumentException notUnderstood) {
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            if (parsed != null && !parsed.hasMatchedOption("--log-level") && given("--log-level")) {
                return LogLevel.INFO;
            }
            throw notUnderstood;
        }
    }

    private Path playlistLog() {
        if (playlistLog != null && playlistLog.toString().equals("-")) {
            throw new IllegalArgumentException("playlist-log: - (a standard stream) is not offered for the playlist log; "
                    + "name a file");
        }
        return playlistLog;
    }

    /** A log written to {@code -} goes to its standard stream, as in Icecast: null, the default. */
    private static Path standardStreamIfDash(Path log) {
        return log == null || log.toString().equals("-") ? null : log;
    }

    /**
     * The file's mounts, with --playlist (and --shuffle, --playlist-resume) setting the playlist of --mount, --conform
     * switching on its re-encoding, --sample-rate and --channels declaring its format, and each --relay the origin of
     * its mount.
     */
    List<MountConfig> mounts() {
        Map<String, MountConfig> mounts = new LinkedHashMap<>();
        if (fileMounts != null) {
            fileMounts.forEach(m -> mounts.put(m.path(), m));
        }
        if (playlist != null) {
            MountConfig base = mounts.getOrDefault(mount, unlisted(mount));
            mounts.put(mount, base.withPlaylist(playlist, shuffle || base.shuffle(),
                    given("--playlist-resume") ? playlistResume : base.resume()));
        }
        if (conform) {
            mounts.put(mount, mounts.getOrDefault(mount, unlisted(mount)).withConform(true));
        }
        SampleFormat declared = SampleFormat.parse(sampleRate, channels);
        if (declared != null) {
            mounts.put(mount, mounts.getOrDefault(mount, unlisted(mount)).withFormat(declared));
        }
        if (relays != null) {
            relays.forEach((path, url) -> {
                MountConfig base = mounts.getOrDefault(path, unlisted(path));
                mounts.put(path, base.withRelay(URI.create(url)));
            });
        }
        return List.copyOf(mounts.values());
    }

    /** A mount the command line sets up that the file does not list: with what the file's mount-defaults give it. */
    private MountConfig unlisted(String path) {
        MountConfig defaults = MountDefaults.settingsFor(fileMountDefaults, path);
        return defaults != null ? defaults : MountConfig.of(path);
    }

    /**
     * This command again with the config file's settings added where neither the command line nor the environment gave
     * one: parsing them as options keeps picocli's conversion and validation (and error messages) for both.
     */
    ServeCommand withConfigFile() {
        ConfigFile file;
        try {
            file = ConfigFile.load(configFile);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage(), invalid);
        }
        List<String> args = new ArrayList<>();
        Map<String, String> fromFile = new HashMap<>();
        for (Map.Entry<String, String> setting : file.options().entrySet()) {
            OptionSpec option = spec.findOption("--" + setting.getKey());
            if (option == null || option.longestName().equals("--config")) {
                throw new ParameterException(spec.commandLine(), "config file " + configFile + file.lineOf(setting.getKey())
                        + ": unknown setting '" + setting.getKey() + "'");
            }
            if (!given(option.longestName())) {
                boolean flag = option.type() == boolean.class || option.type() == Boolean.class;
                args.add(option.longestName() + "=" + (flag ? ConfigFile.yesOrNo(setting.getValue()) : setting.getValue()));
                fromFile.put(option.longestName(), setting.getKey());
            }
        }
        List<String> given = spec.commandLine().getParseResult().originalArgs();
        args.addAll(given);
        CommandLine merged = Main.commandLine();
        merged.setDefaultValueProvider(spec.commandLine().getDefaultValueProvider());
        try {
            merged.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException invalid) {
            String setting = invalid.getArgSpec() instanceof OptionSpec option ? fromFile.get(option.longestName()) : null;
            if (setting == null) {
                throw invalid;
            }
            throw new ParameterException(spec.commandLine(), "config file " + configFile + file.lineOf(setting) + ": "
                    + invalid.getMessage(), invalid);
        }
        ServeCommand command = merged.getCommand();
        command.fileMounts = file.mounts();
        command.fileMountDefaults = file.mountDefaults();
        command.givenArgs = List.copyOf(given);
        command.reloads = reloads;
        Map<String, String> settings = new HashMap<>();
        fromFile.values().forEach(setting -> settings.put(setting, file.lineOf(setting)));
        command.fileSettings = Map.copyOf(settings);
        return command;
    }

    /** Whether the option was set on the command line or in the environment (the one this command reads). */
    private boolean given(String longName) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(longName)
                || spec.commandLine().getDefaultValueProvider() instanceof EnvironmentDefaults environment
                && environment.sets(spec.findOption(longName));
    }

    private static void warnAboutWebRoot(ServerConfig config) {
        Path root = config.webRoot();
        if (root != null && !Files.isDirectory(root)) {
            log.warn("web-root {} is not a directory this user can read: no files are served from it", root);
        }
    }

    private static void warnAboutDefaults(ServerConfig config) {
        if (config.sourcePassword().equals(ServerConfig.DEFAULT_SOURCE_PASSWORD)) {
            log.warn("**************************************************************************");
            log.warn("* The source password is the default 'hackme'. Anyone can go on air.     *");
            log.warn("* Set --source-password or RELAYCAST_SOURCE_PASSWORD before going public. *");
            log.warn("**************************************************************************");
        }
        if (config.adminPassword().equals(ServerConfig.DEFAULT_ADMIN_PASSWORD)) {
            log.warn("The admin password is the default 'hackme': set --admin-password or RELAYCAST_ADMIN_PASSWORD.");
        }
    }

    /** Reads the version Maven stamped into the jar. */
    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"relaycast " + Version.get()};
        }
    }
}
