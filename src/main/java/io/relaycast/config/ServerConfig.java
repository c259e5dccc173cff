package io.relaycast.config;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the server needs to run, resolved from the command line, the environment and (later) a config file.
 *
 * @param bindAddress    interface to listen on; "0.0.0.0" for all
 * @param port           listener (and source) port; 0 picks a free one (tests)
 * @param sourcePort     optional port that alone accepts sources, or -1 for none
 * @param sourcePassword password for user "source"
 * @param adminUser      admin user name
 * @param adminPassword  admin password
 * @param burstSize      audio a new listener gets at once
 * @param queueSize      bytes of recent audio kept per mount; a listener further behind is evicted
 * @param maxListeners   listeners allowed on the whole server
 * @param sourceTimeout  a source silent this long is dropped
 * @param headerTimeout  a client must finish its request head within this time
 * @param metaint        audio bytes between ICY metadata blocks
 * @param chunkDuration  audio gathered into one shared chunk before listeners are woken
 * @param listenerTimeout a listener that reads nothing for this long is disconnected
 * @param writeInterval  how often a listener at the live edge is written to; fewer, larger writes cost less CPU
 * @param mounts         configured mounts (created at startup, with passwords and fallbacks)
 * @param shoutcastMount the mount that SHOUTcast v1 sources (one port above the source port) go live on, or null
 * @param relaying       master and relay settings ({@link Relaying#NONE}, or null, for none)
 * @param yp             stream directories the public mounts are listed in ({@link YpSettings#NONE}, or null, for none)
 * @param tls            an HTTPS port ({@link TlsSettings#NONE}, or null, for none)
 * @param access         the client addresses refused or only allowed ({@link AccessLists#NONE}, or null, for none)
 * @param limits         how many connections are taken ({@link ConnectionLimits#DEFAULT}, or null, for the defaults)
 * @param httpHeaders    headers added to every answer, as Icecast's {@code <http-headers>} ({@link ResponseHeaders#NONE},
 *                       or null, for none)
 * @param aliases        paths answered as other paths, as Icecast's {@code <alias>} ({@link PathAliases#NONE}, or null,
 *                       for none)
 * @param mountDefaults  settings by mount path pattern, as Icecast's {@code <mount type="default">}: for the mounts no
 *                       config names (the file's mounts have them merged in already); empty, or null, for none
 * @param extraPorts     more ports that serve as {@code port} does, as Icecast's further {@code <listen-socket>}s (80
 *                       beside 8000 for listeners behind strict firewalls), each on the bind address or its own; empty,
 *                       or null, for none
 * @param files          the web root, the playlist log and the access log ({@link ServerFiles#NONE}, or null, for none)
 * @param info           the location and contact the status shows ({@link ServerInfo#DEFAULT}, or null, for Icecast's)
 */
public record ServerConfig(
        String bindAddress,
        int port,
        int sourcePort,
        String sourcePassword,
        String adminUser,
        String adminPassword,
        BurstSize burstSize,
        long queueSize,
        int maxListeners,
        Duration sourceTimeout,
        Duration headerTimeout,
        int metaint,
        Duration chunkDuration,
        Duration listenerTimeout,
        Duration writeInterval,
        List<MountConfig> mounts,
        String shoutcastMount,
        Relaying relaying,
        YpSettings yp,
        TlsSettings tls,
        AccessLists access,
        ConnectionLimits limits,
        ResponseHeaders httpHeaders,
        PathAliases aliases,
        List<MountDefaults> mountDefaults,
        List<ListenAddress> extraPorts,
        ServerFiles files,
        ServerInfo info) {

    public static final String DEFAULT_SOURCE_PASSWORD = "hackme";
    public static final String DEFAULT_ADMIN_PASSWORD = "hackme";
    public static final Duration DEFAULT_CHUNK_DURATION = Duration.ofMillis(20);
    public static final Duration DEFAULT_WRITE_INTERVAL = Duration.ofMillis(180);
    /** The largest ICY metadata interval taken, server-wide or per mount. */
    public static final int MAX_METAINT = 1 << 20;
    /** The smallest queue a server or mount may keep: a few chunks. */
    public static final long MIN_QUEUE_SIZE = 16 * 1024;

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(sourcePassword, "sourcePassword");
        Objects.requireNonNull(adminUser, "adminUser");
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(burstSize, "burstSize");
        requireNotBlank("source-password", sourcePassword);
        requireNotBlank("admin-user", adminUser);
        requireNotBlank("admin-password", adminPassword);
        requireRange("port", port, 0, 65535);
        requireRange("source port", sourcePort, -1, 65535);
        requireRange("metaint", metaint, 1, MAX_METAINT);
        if (shoutcastMount != null && (!shoutcastMount.startsWith("/") || shoutcastMount.length() < 2)) {
            throw new IllegalArgumentException("the SHOUTcast mount must be a mount path such as /live: " + shoutcastMount);
        }
        if (maxListeners < 0) {
            throw new IllegalArgumentException("max listeners must not be negative");
        }
        requireQueueHolds(queueSize, burstSize);
        requirePositive("source timeout", sourceTimeout);
        requirePositive("header timeout", headerTimeout);
        requirePositive("chunk duration", chunkDuration);
        requirePositive("listener timeout", listenerTimeout);
        requirePositive("write interval", writeInterval);
        relaying = relaying == null ? Relaying.NONE : relaying;
        yp = yp == null ? YpSettings.NONE : yp;
        tls = tls == null ? TlsSettings.NONE : tls;
        access = access == null ? AccessLists.NONE : access;
        limits = limits == null ? ConnectionLimits.DEFAULT : limits;
        httpHeaders = httpHeaders == null ? ResponseHeaders.NONE : httpHeaders;
        aliases = aliases == null ? PathAliases.NONE : aliases;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        mountDefaults = mountDefaults == null ? List.of() : List.copyOf(mountDefaults);
        extraPorts = extraPorts == null ? List.of() : List.copyOf(extraPorts);
        files = files == null ? ServerFiles.NONE : files;
        info = info == null ? ServerInfo.DEFAULT : info;
        for (ListenAddress extra : extraPorts) {
            int number = extra.port();
            // On an address of its own, the same number as the port may be another socket; binding says if it is not.
            if (extra.bindAddress() == null && number != 0 && (number == port || number == sourcePort || number == tls.port())) {
                throw new IllegalArgumentException("extra port " + number + " is already the port, source port or TLS port");
            }
        }
        if (extraPorts.stream().filter(extra -> extra.port() != 0).distinct().count()
                != extraPorts.stream().filter(extra -> extra.port() != 0).count()) {
            throw new IllegalArgumentException("an extra port is given twice: " + extraPorts);
        }
        if (mounts.stream().map(MountConfig::path).distinct().count() != mounts.size()) {
            throw new IllegalArgumentException("a mount is configured twice");
        }
        for (MountConfig mount : mounts) {
            requireMountQueueHolds(mount.path(), mount.listeners(), queueSize, burstSize);
        }
        for (MountDefaults defaults : mountDefaults) {
            requireMountQueueHolds(defaults.pattern(), defaults.settings().listeners(), queueSize, burstSize);
        }
    }

    /** A queue of {@code queueSize} bytes that can hold a join burst of {@code burst} (null: none of its own). */
    static void requireQueueHolds(long queueSize, BurstSize burst) {
        if (queueSize < MIN_QUEUE_SIZE) {
            throw new IllegalArgumentException("queue size must be at least 16 KiB, was " + queueSize);
        }
        if (burst != null && !burst.isDuration() && burst.bytes() > queueSize) {
            throw new IllegalArgumentException("burst size (" + burst + ") must not exceed queue size (" + queueSize + ")");
        }
    }

    /** A mount's queue, its own or the server's, holds its burst, its own or the server's. */
    private static void requireMountQueueHolds(String mount, ListenerRules rules, long queueSize, BurstSize burstSize) {
        if (rules.queueSize() == null && rules.burst() == null) {
            return;
        }
        try {
            requireQueueHolds(rules.queueSizeOr(queueSize), rules.burstOr(burstSize));
        } catch (IllegalArgumentException tooSmall) {
            throw new IllegalArgumentException("mount " + mount + ": " + tooSmall.getMessage() + " (a mount's own "
                    + "queue-size and burst-size, or else the server's)", tooSmall);
        }
    }

    /** No web root, no playlist log, the access log on standard output. */
    public ServerConfig(String bindAddress, int port, int sourcePort, String sourcePassword, String adminUser,
                        String adminPassword, BurstSize burstSize, long queueSize, int maxListeners, Duration sourceTimeout,
                        Duration headerTimeout, int metaint, Duration chunkDuration, Duration listenerTimeout,
                        Duration writeInterval, List<MountConfig> mounts, String shoutcastMount, Relaying relaying,
                        YpSettings yp, TlsSettings tls, AccessLists access, ConnectionLimits limits,
                        ResponseHeaders httpHeaders, PathAliases aliases, List<MountDefaults> mountDefaults,
                        List<ListenAddress> extraPorts) {
        this(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize, queueSize, maxListeners,
                sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval, mounts, shoutcastMount,
                relaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults, extraPorts, null, null);
    }

    /** No mount defaults. */
    public ServerConfig(String bindAddress, int port, int sourcePort, String sourcePassword, String adminUser,
                        String adminPassword, BurstSize burstSize, long queueSize, int maxListeners, Duration sourceTimeout,
                        Duration headerTimeout, int metaint, Duration chunkDuration, Duration listenerTimeout,
                        Duration writeInterval, List<MountConfig> mounts, String shoutcastMount, Relaying relaying,
                        YpSettings yp, TlsSettings tls, AccessLists access, ConnectionLimits limits,
                        ResponseHeaders httpHeaders, PathAliases aliases) {
        this(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize, queueSize, maxListeners,
                sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval, mounts, shoutcastMount,
                relaying, yp, tls, access, limits, httpHeaders, aliases, List.of(), List.of());
    }

    /** No extra ports. */
    public ServerConfig(String bindAddress, int port, int sourcePort, String sourcePassword, String adminUser,
                        String adminPassword, BurstSize burstSize, long queueSize, int maxListeners, Duration sourceTimeout,
                        Duration headerTimeout, int metaint, Duration chunkDuration, Duration listenerTimeout,
                        Duration writeInterval, List<MountConfig> mounts, String shoutcastMount, Relaying relaying,
                        YpSettings yp, TlsSettings tls, AccessLists access, ConnectionLimits limits,
                        ResponseHeaders httpHeaders, PathAliases aliases, List<MountDefaults> mountDefaults) {
        this(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize, queueSize, maxListeners,
                sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval, mounts, shoutcastMount,
                relaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults, List.of());
    }

    /** No headers of the station's own. */
    public ServerConfig(String bindAddress, int port, int sourcePort, String sourcePassword, String adminUser,
                        String adminPassword, BurstSize burstSize, long queueSize, int maxListeners, Duration sourceTimeout,
                        Duration headerTimeout, int metaint, Duration chunkDuration, Duration listenerTimeout,
                        Duration writeInterval, List<MountConfig> mounts, String shoutcastMount, Relaying relaying,
                        YpSettings yp, TlsSettings tls, AccessLists access, ConnectionLimits limits) {
        this(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize, queueSize, maxListeners,
                sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval, mounts, shoutcastMount,
                relaying, yp, tls, access, limits, ResponseHeaders.NONE, PathAliases.NONE);
    }

    /** Listed in no directory. */
    public ServerConfig(String bindAddress, int port, int sourcePort, String sourcePassword, String adminUser,
                        String adminPassword, BurstSize burstSize, long queueSize, int maxListeners, Duration sourceTimeout,
                        Duration headerTimeout, int metaint, Duration chunkDuration, Duration listenerTimeout,
                        Duration writeInterval, List<MountConfig> mounts, String shoutcastMount, Relaying relaying) {
        this(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize, queueSize, maxListeners,
                sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval, mounts, shoutcastMount,
                relaying, YpSettings.NONE, TlsSettings.NONE, AccessLists.NONE, ConnectionLimits.DEFAULT);
    }

    /** Not part of a relay network. */
    public ServerConfig(String bindAddress, int port, int sourcePort, String sourcePassword, String adminUser,
                        String adminPassword, BurstSize burstSize, long queueSize, int maxListeners, Duration sourceTimeout,
                        Duration headerTimeout, int metaint, Duration chunkDuration, Duration listenerTimeout,
                        Duration writeInterval, List<MountConfig> mounts, String shoutcastMount) {
        this(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize, queueSize, maxListeners,
                sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval, mounts, shoutcastMount,
                Relaying.NONE);
    }

    /** Without configured mounts. */
    public ServerConfig(String bindAddress, int port, int sourcePort, String sourcePassword, String adminUser,
                        String adminPassword, BurstSize burstSize, long queueSize, int maxListeners, Duration sourceTimeout,
                        Duration headerTimeout, int metaint, Duration chunkDuration, Duration listenerTimeout) {
        this(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize, queueSize, maxListeners,
                sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, DEFAULT_WRITE_INTERVAL, List.of());
    }

    /** Without SHOUTcast v1 sources. */
    public ServerConfig(String bindAddress, int port, int sourcePort, String sourcePassword, String adminUser,
                        String adminPassword, BurstSize burstSize, long queueSize, int maxListeners, Duration sourceTimeout,
                        Duration headerTimeout, int metaint, Duration chunkDuration, Duration listenerTimeout,
                        Duration writeInterval, List<MountConfig> mounts) {
        this(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize, queueSize, maxListeners,
                sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval, mounts, null);
    }

    /** The defaults Icecast users know: port 8000, 64 KiB burst, 512 KiB queue, 10 s source timeout, metaint 16000. */
    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8000, -1, DEFAULT_SOURCE_PASSWORD, "admin", DEFAULT_ADMIN_PASSWORD,
                BurstSize.ofBytes(64 * 1024), 512 * 1024, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(15), 16000,
                DEFAULT_CHUNK_DURATION, Duration.ofSeconds(20));
    }

    public boolean hasSourcePort() {
        return sourcePort >= 0;
    }

    public boolean hasShoutcastMount() {
        return shoutcastMount != null;
    }

    public ServerConfig withShoutcastMount(String mount) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, mount, relaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults, extraPorts, files, info);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(bindAddress, newPort, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withDelivery(Duration newChunkDuration, Duration newWriteInterval) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, newChunkDuration, listenerTimeout,
                newWriteInterval, mounts, shoutcastMount, relaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults,
                extraPorts, files, info);
    }

    public ServerConfig withMounts(List<MountConfig> newMounts) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                newMounts, shoutcastMount, relaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withRelaying(Relaying newRelaying) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, newRelaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withYp(YpSettings newYp) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, newYp, tls, access, limits, httpHeaders, aliases, mountDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withTls(TlsSettings newTls) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, newTls, access, limits, httpHeaders, aliases, mountDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withAccess(AccessLists newAccess) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, tls, newAccess, limits, httpHeaders, aliases, mountDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withLimits(ConnectionLimits newLimits) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, tls, access, newLimits, httpHeaders, aliases, mountDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withHttpHeaders(ResponseHeaders newHeaders) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, tls, access, limits, newHeaders, aliases, mountDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withAliases(PathAliases newAliases) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, tls, access, limits, httpHeaders, newAliases, mountDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withMountDefaults(List<MountDefaults> newDefaults) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, tls, access, limits, httpHeaders, aliases, newDefaults, extraPorts,
                files, info);
    }

    public ServerConfig withFiles(ServerFiles newFiles) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults, extraPorts,
                newFiles, info);
    }

    public ServerConfig withInfo(ServerInfo newInfo) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults, extraPorts,
                files, newInfo);
    }

    public ServerConfig withWebRoot(Path newWebRoot) {
        return withFiles(files.withWebRoot(newWebRoot));
    }

    public ServerConfig withPlaylistLog(Path newPlaylistLog) {
        return withFiles(files.withPlaylistLog(newPlaylistLog));
    }

    public ServerConfig withAccessLog(Path newAccessLog) {
        return withFiles(files.withAccessLog(newAccessLog));
    }

    /** The web root ({@link ServerFiles#webRoot()}), or null. */
    public Path webRoot() {
        return files.webRoot();
    }

    public ServerConfig withExtraPorts(List<ListenAddress> newExtraPorts) {
        return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout, writeInterval,
                mounts, shoutcastMount, relaying, yp, tls, access, limits, httpHeaders, aliases, mountDefaults, newExtraPorts,
                files, info);
    }

    /**
     * The settings of the mount at {@code path}: its own if the config names it, else those of the first
     * {@link #mountDefaults} entry matching it (made for that path), else null (the server's settings apply).
     */
    public MountConfig mountSettings(String path) {
        for (MountConfig mount : mounts) {
            if (mount.path().equals(path)) {
                return mount;
            }
        }
        return MountDefaults.settingsFor(mountDefaults, path);
    }

    /** How long a live source of the mount at {@code path} may send no audio: the mount's own, else the server's. */
    public Duration sourceTimeout(String path) {
        MountConfig settings = mountSettings(path);
        Duration own = settings == null ? null : settings.sourceActions().timeout();
        return own != null ? own : sourceTimeout;
    }

    /**
     * The charset the sources of the mount at {@code path} write their texts in when they do not say and the bytes are
     * not UTF-8: the mount's {@code charset}, else ISO-8859-1 (Icecast's default for MP3).
     */
    public Charset sourceCharset(String path) {
        MountConfig settings = mountSettings(path);
        return settings != null && settings.charset() != null ? settings.charset() : StandardCharsets.ISO_8859_1;
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    /**
     * An empty password would let in anyone who sends an empty one (a config templated from an unset variable, an
     * {@code --source-password=} left over): refused, as no station means that.
     */
    private static void requireNotBlank(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
