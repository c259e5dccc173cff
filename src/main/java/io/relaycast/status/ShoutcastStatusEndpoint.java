package io.relaycast.status;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.admin.Xml;
import io.relaycast.http.RequestHost;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.listener.ListenerHandler;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.server.HttpEndpoint;
import io.relaycast.server.OffLoopEndpoint;
import io.relaycast.server.ServerContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * SHOUTcast v1's {@code /7.html} for the SHOUTcast mount ({@code --shoutcast-mount}): the line of numbers SHOUTcast
 * tools read the listener count from. butt (0.1.36 and later) shows that count while it streams in SHOUTcast mode, and
 * stops asking after four answers without it; station widgets read it too. Without a SHOUTcast mount the path is an
 * ordinary mount path, as before.
 *
 * <p>The fields, in SHOUTcast's order: current listeners, stream status (1 while the mount plays: a live source, its
 * fallback mount or its playlist), peak listeners, maximum listeners, unique listeners (distinct addresses), bitrate
 * (kbit/s) and the title, HTML-escaped. A hidden mount, or none, shows as off the air with no listeners. The unique
 * count may be a second old: it walks every listener, and the page needs no login.
 */
public final class ShoutcastStatusEndpoint implements OffLoopEndpoint {

    static final String PATH = "/7.html";
    private static final Set<OnAir> PLAYING = Set.of(OnAir.LIVE, OnAir.FALLBACK_MOUNT, OnAir.PLAYLIST);
    /** How long a count of distinct addresses is reused: a flood of anonymous requests walks the listeners once a second. */
    private static final long UNIQUE_FOR_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ServerContext context;
    private final StatusReport report;

    private final LongSupplier nanoClock;
    private volatile UniqueCount unique;

    public ShoutcastStatusEndpoint(ServerContext context, StatusReport report) {
        this(context, report, System::nanoTime);
    }

    ShoutcastStatusEndpoint(ServerContext context, StatusReport report, LongSupplier nanoClock) {
        this.context = context;
        this.report = report;
        this.nanoClock = nanoClock;
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return HttpEndpoint.reads(method) && path.equals(PATH) && context.config().shoutcastMount() != null;
    }

    /** Counts the mount's distinct listener addresses: off the loop, as a listener list is. */
    @Override
    public FullHttpResponse answer(Channel channel, HttpRequest request, RequestPath path) {
        String mountPath = context.config().shoutcastMount();
        Mount mount = mountPath == null ? null : context.mounts().find(mountPath);
        if (mount == null || !mount.isListenable() || mount.isHidden()) {
            return page(0, false, 0, context.config().maxListeners(), 0, 0, "");
        }
        MountStatus status = report.mount(mount, RequestHost.of(request, channel));
        int maxListeners = status.maxListeners() == null ? context.config().maxListeners() : status.maxListeners();
        return page(status.listeners(), PLAYING.contains(mount.onAir()), status.listenerPeak(), maxListeners,
                uniqueAddresses(mount.path()),
                status.bitrate() == null ? 0 : status.bitrate(), status.title() == null ? "" : status.title());
    }

    /** The mount's distinct listener addresses, counted again once the last count is a second old. */
    private int uniqueAddresses(String mountPath) {
        long now = nanoClock.getAsLong();
        UniqueCount last = unique;
        if (last != null && last.mount().equals(mountPath) && now - last.countedAt() < UNIQUE_FOR_NANOS) {
            return last.addresses();
        }
        Set<Object> addresses = new HashSet<>();
        for (ListenerHandler listener : context.listeners().onMount(mountPath)) {
            SocketAddress address = listener.remoteAddress();
            addresses.add(address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress() : address);
        }
        unique = new UniqueCount(mountPath, now, addresses.size());
        return addresses.size();
    }

    private record UniqueCount(String mount, long countedAt, int addresses) {
    }

    private static FullHttpResponse page(long listeners, boolean playing, long peak, int maxListeners, int unique,
                                         int bitrate, String title) {
        String body = "<HTML><meta http-equiv=\"Pragma\" content=\"no-cache\"></head><body>" + listeners + ","
                + (playing ? 1 : 0) + "," + peak + "," + maxListeners + "," + unique + "," + bitrate + ","
                + Xml.escapeText(title) + "</body></html>";
        return Responses.full(HttpResponseStatus.OK, body, "text/html; charset=utf-8");
    }
}
