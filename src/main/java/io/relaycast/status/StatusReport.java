package io.relaycast.status;

import io.relaycast.config.ListenerAuth;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerInfo;
import io.relaycast.http.RequestHost;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountStats;
import io.relaycast.mount.StreamInfo;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.playlist.Jukebox;
import io.relaycast.playlist.Track;
import io.relaycast.server.RequestStats;
import io.relaycast.server.ServerContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a consistent-enough snapshot of the server for status output. One instance per server, shared by the public
 * status, the admin stats and the web page, so all of them report the same numbers.
 */
public final class StatusReport {

    private final ServerContext context;
    private final Instant started;
    private final String serverId;

    public StatusReport(ServerContext context, Instant started, String serverId) {
        this.context = context;
        this.started = started;
        this.serverId = serverId;
    }

    /** Who a status is for: hidden mounts are shown to the admin only, as Icecast's {@code <hidden>} mounts are. */
    public enum Audience {
        /** status-json.xsl, the web page: hidden mounts left out. */
        PUBLIC,
        /** The admin interface: every mount. */
        ADMIN
    }

    /**
     * The server and the mounts {@code audience} may see; its listeners are those of these mounts for the public, so a
     * hidden mount's do not show through the total, and every listener for the admin.
     */
    public ServerStatus server(RequestHost host, Audience audience) {
        ServerInfo info = context.config().info();
        List<MountStatus> mounts = mounts(host, audience);
        long listeners = audience == Audience.ADMIN ? context.listeners().count()
                : mounts.stream().mapToLong(MountStatus::listeners).sum();
        return new ServerStatus(info.admin(), host.hostname(), info.location(), serverId, started, listeners, mounts,
                counters());
    }

    /** The server's contact, host, location and version, for {@code host}; looks at no mount. */
    public ServerIdentity identity(RequestHost host) {
        ServerInfo info = context.config().info();
        return new ServerIdentity(info.admin(), host.hostname(), info.location(), serverId);
    }

    private ServerStatus.Counters counters() {
        long live = context.mounts().all().stream().filter(mount -> mount.liveSource() != null).count();
        RequestStats requests = context.requests();
        return new ServerStatus.Counters(live, context.listeners().connectionsSinceStart(),
                context.mounts().encoderConnections(), context.mounts().relayConnections(), requests.openConnections(),
                requests.connections(), requests.clientConnections(), requests.filesServed());
    }

    /** Every mount listeners can connect to now that {@code audience} may see, sorted by path. */
    public List<MountStatus> mounts(RequestHost host, Audience audience) {
        List<MountStatus> listed = new ArrayList<>();
        for (Mount mount : context.mounts().all()) {
            if (mount.isListenable() && (audience == Audience.ADMIN || !mount.isHidden())) {
                listed.add(mount(mount, host));
            }
        }
        return listed;
    }

    public MountStatus mount(Mount mount, RequestHost host) {
        StreamInfo info = mount.info();
        FrameHeader format = mount.format();
        AudioInfo audio = AudioInfo.parse(info.audioInfo());
        Integer bitrate = firstOf(parseInt(info.bitrate()), audio.bitrate(), format == null ? null : format.bitrateKbps());
        Integer samplerate = firstOf(audio.samplerate(), format == null ? null : format.sampleRate());
        Integer channels = firstOf(audio.channels(), format == null ? null : format.channels());
        String audioInfo = info.audioInfo().isEmpty() ? AudioInfo.format(bitrate, channels, samplerate) : info.audioInfo();
        IcyMetadata metadata = mount.metadata();
        Track track = context.jukeboxes().forMount(mount.path()).flatMap(Jukebox::current).orElse(null);
        MountStats stats = mount.stats();
        LiveSource live = mount.liveSource();
        return new MountStatus(mount.path(), host.url(mount.path()), stats.currentListeners(), stats.listenerPeak(),
                blankToNull(info.name()), blankToNull(info.description()), blankToNull(info.genre()),
                blankToNull(info.url()), info.contentType(), info.isPublic(), bitrate, samplerate, channels,
                audioInfo, live == null ? null : mount.streamStart(), blankToNull(metadata.title()),
                mount.onAir().label(), track, stats.bytesReceived(), stats.bytesSent(),
                mount.maxListeners() == MountConfig.NO_LIMIT ? null : mount.maxListeners(),
                mount.fallback() == null ? null : mount.fallback().fallbackPath(), SourceClient.of(live),
                stats.disconnects(DisconnectReason.SLOW) + stats.disconnects(DisconnectReason.STALLED),
                authenticator(mount.listenerRules().auth()));
    }

    /** Icecast's {@code authenticator} stat: the type of the mount's listener authentication. */
    private static String authenticator(ListenerAuth auth) {
        if (auth.usersFile() != null) {
            return "htpasswd";
        }
        return auth.addUrl() != null ? "url" : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @SafeVarargs
    private static <T> T firstOf(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static Integer parseInt(String value) {
        if (value == null) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed > 0 ? parsed : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
