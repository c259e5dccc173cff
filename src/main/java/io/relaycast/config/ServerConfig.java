package io.relaycast.config;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything the server needs to run, resolved from the command line, the environment and the config file. Made with
 * {@link #builder}, which starts from {@link #defaults()}, or changed with {@link #toBuilder}.
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
            throw new IllegalArgumentException("shoutcast-mount must be a mount path such as /live: " + shoutcastMount);
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
                throw new IllegalArgumentException("extra-port: " + number + " is already the port, source port or TLS port");
            }
        }
        if (extraPorts.stream().filter(extra -> extra.port() != 0).distinct().count()
                != extraPorts.stream().filter(extra -> extra.port() != 0).count()) {
            throw new IllegalArgumentException("extra-port: a port is given twice: " + extraPorts);
        }
        requireShoutcastPortFree(shoutcastMount, port, sourcePort, tls, extraPorts, bindAddress);
        if (mounts.stream().map(MountConfig::path).distinct().count() != mounts.size()) {
            throw new IllegalArgumentException("a mount is configured twice");
        }
        for (MountConfig mount : mounts) {
            requireMountQueueHolds(mount.path(), mount.listeners(), queueSize, burstSize);
        }
        requireNoFallbackCircle(mounts, mountDefaults);
        for (MountDefaults defaults : mountDefaults) {
            requireMountQueueHolds(defaults.pattern(), defaults.settings().listeners(), queueSize, burstSize);
        }
    }

    /** The SHOUTcast port, one above the port sources use, is no other port of the server's: binding it would fail. */
    private static void requireShoutcastPortFree(String shoutcastMount, int port, int sourcePort, TlsSettings tls,
            List<ListenAddress> extraPorts, String bindAddress) {
        int base = sourcePort >= 0 ? sourcePort : port;
        if (shoutcastMount == null || base == 0) {
            return;
        }
        int shoutcast = base + 1;
        String other = shoutcast == port || shoutcast == sourcePort ? "the port or the source port"
                : tls.isEnabled() && tls.port() == shoutcast ? "the TLS port"
                : extraPorts.stream().anyMatch(extra -> extra.port() == shoutcast
                        && (extra.bindAddress() == null || extra.bindAddress().equals(bindAddress))) ? "an extra port" : null;
        if (other != null) {
            throw new IllegalArgumentException("shoutcast-mount: the SHOUTcast port " + shoutcast + " (the port above "
                    + base + ") is also " + other);
        }
    }

    /**
     * No mounts that fall back on each other in a circle, each waiting for the others' frames: configured mounts, and
     * the mounts that take their fallback from {@code mount-defaults} (a circle may pass through those). Every circle
     * passes through a configured mount or through the fallback mount of a pattern, so those are where it is looked for.
     */
    private static void requireNoFallbackCircle(List<MountConfig> mounts, List<MountDefaults> mountDefaults) {
        Map<String, MountConfig> configured = new LinkedHashMap<>();
        mounts.forEach(mount -> configured.put(mount.path(), mount));
        UnaryOperator<String> fallbackOf = path -> {
            MountConfig settings = configured.containsKey(path) ? configured.get(path)
                    : MountDefaults.settingsFor(mountDefaults, path);
            return settings == null ? null : settings.fallbackMount();
        };
        List<String> starts = new ArrayList<>(configured.keySet());
        mountDefaults.stream().map(entry -> entry.settings().fallbackMount()).filter(Objects::nonNull).forEach(starts::add);
        for (String start : starts) {
            List<String> circle = FallbackChain.circleFrom(start, fallbackOf);
            if (!circle.isEmpty()) {
                throw new IllegalArgumentException("fallback mounts go round in a circle: " + String.join(" -> ", circle)
                        + (mountDefaults.isEmpty() ? "" : " (mount-defaults included)"));
            }
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

    /** The defaults Icecast users know: port 8000, 64 KiB burst, 512 KiB queue, 10 s source timeout, metaint 16000. */
    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8000, -1, DEFAULT_SOURCE_PASSWORD, "admin", DEFAULT_ADMIN_PASSWORD,
                BurstSize.ofBytes(64 * 1024), 512 * 1024, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(15), 16000,
                DEFAULT_CHUNK_DURATION, Duration.ofSeconds(20), DEFAULT_WRITE_INTERVAL, List.of(), null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** The {@link #defaults()}, to change some of them. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** These settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean hasSourcePort() {
        return sourcePort >= 0;
    }

    public boolean hasShoutcastMount() {
        return shoutcastMount != null;
    }

    public ServerConfig withShoutcastMount(String mount) {
        return toBuilder().shoutcastMount(mount).build();
    }

    public ServerConfig withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    public ServerConfig withDelivery(Duration newChunkDuration, Duration newWriteInterval) {
        return toBuilder().chunkDuration(newChunkDuration).writeInterval(newWriteInterval).build();
    }

    public ServerConfig withMounts(List<MountConfig> newMounts) {
        return toBuilder().mounts(newMounts).build();
    }

    public ServerConfig withRelaying(Relaying newRelaying) {
        return toBuilder().relaying(newRelaying).build();
    }

    public ServerConfig withYp(YpSettings newYp) {
        return toBuilder().yp(newYp).build();
    }

    public ServerConfig withTls(TlsSettings newTls) {
        return toBuilder().tls(newTls).build();
    }

    public ServerConfig withAccess(AccessLists newAccess) {
        return toBuilder().access(newAccess).build();
    }

    public ServerConfig withLimits(ConnectionLimits newLimits) {
        return toBuilder().limits(newLimits).build();
    }

    public ServerConfig withHttpHeaders(ResponseHeaders newHeaders) {
        return toBuilder().httpHeaders(newHeaders).build();
    }

    public ServerConfig withAliases(PathAliases newAliases) {
        return toBuilder().aliases(newAliases).build();
    }

    public ServerConfig withMountDefaults(List<MountDefaults> newDefaults) {
        return toBuilder().mountDefaults(newDefaults).build();
    }

    public ServerConfig withFiles(ServerFiles newFiles) {
        return toBuilder().files(newFiles).build();
    }

    public ServerConfig withInfo(ServerInfo newInfo) {
        return toBuilder().info(newInfo).build();
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
        return toBuilder().extraPorts(newExtraPorts).build();
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
     * not UTF-8: the mount's {@code charset}, else ISO-8859-1 (Icecast's default for MP3), which
     * {@link io.relaycast.icy.SourceText} reads as windows-1252.
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

    /**
     * A server's settings one by one, starting from {@link #defaults()}; {@link #build} checks them as the record does.
     */
    public static final class Builder {
        private String bindAddress;
        private int port;
        private int sourcePort;
        private String sourcePassword;
        private String adminUser;
        private String adminPassword;
        private BurstSize burstSize;
        private long queueSize;
        private int maxListeners;
        private Duration sourceTimeout;
        private Duration headerTimeout;
        private int metaint;
        private Duration chunkDuration;
        private Duration listenerTimeout;
        private Duration writeInterval;
        private List<MountConfig> mounts;
        private String shoutcastMount;
        private Relaying relaying;
        private YpSettings yp;
        private TlsSettings tls;
        private AccessLists access;
        private ConnectionLimits limits;
        private ResponseHeaders httpHeaders;
        private PathAliases aliases;
        private List<MountDefaults> mountDefaults;
        private List<ListenAddress> extraPorts;
        private ServerFiles files;
        private ServerInfo info;

        private Builder(ServerConfig from) {
            bindAddress = from.bindAddress;
            port = from.port;
            sourcePort = from.sourcePort;
            sourcePassword = from.sourcePassword;
            adminUser = from.adminUser;
            adminPassword = from.adminPassword;
            burstSize = from.burstSize;
            queueSize = from.queueSize;
            maxListeners = from.maxListeners;
            sourceTimeout = from.sourceTimeout;
            headerTimeout = from.headerTimeout;
            metaint = from.metaint;
            chunkDuration = from.chunkDuration;
            listenerTimeout = from.listenerTimeout;
            writeInterval = from.writeInterval;
            mounts = from.mounts;
            shoutcastMount = from.shoutcastMount;
            relaying = from.relaying;
            yp = from.yp;
            tls = from.tls;
            access = from.access;
            limits = from.limits;
            httpHeaders = from.httpHeaders;
            aliases = from.aliases;
            mountDefaults = from.mountDefaults;
            extraPorts = from.extraPorts;
            files = from.files;
            info = from.info;
        }

        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, sourcePort, sourcePassword, adminUser, adminPassword, burstSize,
                    queueSize, maxListeners, sourceTimeout, headerTimeout, metaint, chunkDuration, listenerTimeout,
                    writeInterval, mounts, shoutcastMount, relaying, yp, tls, access, limits, httpHeaders, aliases,
                    mountDefaults, extraPorts, files, info);
        }

        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder sourcePort(int value) {
            sourcePort = value;
            return this;
        }

        public Builder sourcePassword(String value) {
            sourcePassword = value;
            return this;
        }

        public Builder adminUser(String value) {
            adminUser = value;
            return this;
        }

        public Builder adminPassword(String value) {
            adminPassword = value;
            return this;
        }

        public Builder burstSize(BurstSize value) {
            burstSize = value;
            return this;
        }

        public Builder queueSize(long value) {
            queueSize = value;
            return this;
        }

        public Builder maxListeners(int value) {
            maxListeners = value;
            return this;
        }

        public Builder sourceTimeout(Duration value) {
            sourceTimeout = value;
            return this;
        }

        public Builder headerTimeout(Duration value) {
            headerTimeout = value;
            return this;
        }

        public Builder metaint(int value) {
            metaint = value;
            return this;
        }

        public Builder chunkDuration(Duration value) {
            chunkDuration = value;
            return this;
        }

        public Builder listenerTimeout(Duration value) {
            listenerTimeout = value;
            return this;
        }

        public Builder writeInterval(Duration value) {
            writeInterval = value;
            return this;
        }

        public Builder mounts(List<MountConfig> value) {
            mounts = value;
            return this;
        }

        public Builder shoutcastMount(String value) {
            shoutcastMount = value;
            return this;
        }

        public Builder relaying(Relaying value) {
            relaying = value;
            return this;
        }

        public Builder yp(YpSettings value) {
            yp = value;
            return this;
        }

        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        public Builder access(AccessLists value) {
            access = value;
            return this;
        }

        public Builder limits(ConnectionLimits value) {
            limits = value;
            return this;
        }

        public Builder httpHeaders(ResponseHeaders value) {
            httpHeaders = value;
            return this;
        }

        public Builder aliases(PathAliases value) {
            aliases = value;
            return this;
        }

        public Builder mountDefaults(List<MountDefaults> value) {
            mountDefaults = value;
            return this;
        }

        public Builder extraPorts(List<ListenAddress> value) {
            extraPorts = value;
            return this;
        }

        public Builder files(ServerFiles value) {
            files = value;
            return this;
        }

        public Builder info(ServerInfo value) {
            info = value;
            return this;
        }
    }
}
