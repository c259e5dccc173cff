package io.relaycast.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.relaycast.config.Relaying;
import io.relaycast.http.AccessLog;
import io.relaycast.http.Credentials;
import io.relaycast.mount.Mount;
import io.relaycast.server.ExceptionHandler;
import io.relaycast.server.PipelineNames;
import io.relaycast.source.SourceIdleHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one mount from an origin server, as an Icecast {@code <relay>} does: connects, plays the origin's stream as the
 * mount's live input (so the mount's playlist or fallback mount covers any gap), and whenever the connection fails or
 * ends, tries again after a pause that doubles from one second up to 16 seconds and is back to one second
 * after a connection that got as far as audio. An origin that answers in a format relaycast does not relay (a master lists
 * its Ogg and AAC mounts too) is asked again less and less often ({@link RelayBackoff}), said once in the log at warn.
 * Runs on the mount's event loop.
 *
 * <p>On demand (Icecast's {@code <on-demand>}), it connects only while the mount has listeners, its own or those of a
 * mount falling back to it while nobody is live there ({@link Mount#isHeard}): it looks every
 * {@link #DEMAND_CHECK} and connects when the first one is there (who hears the mount's fallback meanwhile, then the
 * origin), and hangs up {@link #LINGER} after the last one left, so a player reconnecting at once does not cost a new
 * connection to the origin.
 *
 * <p>The origin's host name is looked up off the event loop (the JDK's lookup blocks, for seconds when DNS is slow, and
 * the loop serves the mount's listeners meanwhile); a name that does not resolve is a failure to connect like any other.
 *
 * <p>An origin's redirect (301, 302, 303, 307, 308) is followed, up to {@link #MAX_REDIRECTS} in a row, as Icecast's
 * relays do; each new try starts at the origin again.
 *
 * <p>An {@code https://} origin is spoken to over TLS ({@link OriginTls}): a certificate that is not trusted, or does not
 * name the origin's host, fails the connection like any other error, logged as such, and it is tried again later.
 */
public final class RelayPuller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayPuller.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    /**
     * Where origins' host names are looked up: the JDK's lookup (the system's, hosts file and all) blocks. A few threads:
     * a master listing thousands of mounts while DNS hangs queues its lookups rather than start a thread for each (the
     * JDK already lets concurrent lookups of one name wait for one answer).
     */
    private static final Executor LOOKUPS =
            Executors.newFixedThreadPool(8, new DefaultThreadFactory("relaycast-relay-lookup", true));
    static final Duration DEMAND_CHECK = Duration.ofMillis(250);
    static final Duration LINGER = Duration.ofSeconds(5);
    /** How often a relay whose mount a local source holds looks whether it has left, without dialling the origin. */
    static final Duration HELD_CHECK = Duration.ofSeconds(1);
    /** As Icecast's relays: more redirects in a row than this are a loop. */
    static final int MAX_REDIRECTS = 10;
    private static final int MAX_PORT = 65_535;

    private final Mount mount;
    private final URI origin;
    /** Where the next try goes: the origin, or where it redirected the relay to (loop only). */
    private URI target;
    /** Redirects followed since the relay last asked the origin itself (loop only). */
    private int redirects;
    /** The Location the origin redirected the current connection to, or null (loop only). */
    private String redirect;
    private final String shown;
    private final EventLoop loop;
    private final Class<? extends Channel> channelType;
    /** How long the origin may send no audio: the mount's {@code source-timeout}, looked up per connection. */
    private final Supplier<Duration> sourceTimeout;
    private final ExceptionHandler exceptions = new ExceptionHandler();
    private final boolean onDemand;
    /** TLS for an https:// origin (or one it redirects to), or null: http:// only. */
    private final OriginTls tls;
    private final RelayBackoff backoff;
    /** What the origin's texts that are not UTF-8 are in: the relay mount's {@code charset}, looked up per connection. */
    private final Supplier<Charset> charset;
    /** Where each connection's access log line goes; null: the logger. */
    private AccessLog accessLog;
    /** The format the origin answered with on the current connection, when relaycast does not relay it (loop only). */
    private String refusedFormat;
    private Channel channel;
    /** Whether a connection is wanted now: always, or on demand while there are listeners (loop only). */
    private boolean wanted;
    /** When the mount last had a listener, on demand (loop only). */
    private long lastDemandNanos;
    private ScheduledFuture<?> demandChecks;
    /** The next try, while one is pending: only ever one, so tries never pile up as listeners come and go (loop only). */
    private ScheduledFuture<?> retry;
    /** A local source held the mount at the last try, which was put off (loop only). */
    private boolean heldBySource;
    /** The origin's host is being looked up, off the loop: a connection is being opened. */
    private volatile boolean lookingUp;
    private volatile boolean closed;
    private volatile long connections;
    private volatile long attempts;

    /**
     * @param onDemand connect only while the mount has listeners
     * @param tls      how to speak TLS, needed for an https:// origin (null for an http:// one)
     */
    public RelayPuller(Mount mount, URI origin, EventLoop loop, Class<? extends Channel> channelType,
                       Supplier<Duration> sourceTimeout, boolean onDemand, OriginTls tls, Supplier<Charset> charset) {
        this(mount, origin, loop, channelType, sourceTimeout, onDemand, tls, RelayBackoff.standard(), charset);
    }

    RelayPuller(Mount mount, URI origin, EventLoop loop, Class<? extends Channel> channelType, Duration sourceTimeout,
                boolean onDemand, OriginTls tls, RelayBackoff backoff) {
        this(mount, origin, loop, channelType, () -> sourceTimeout, onDemand, tls, backoff, () -> StandardCharsets.ISO_8859_1);
    }

    private RelayPuller(Mount mount, URI origin, EventLoop loop, Class<? extends Channel> channelType,
                        Supplier<Duration> sourceTimeout, boolean onDemand, OriginTls tls, RelayBackoff backoff,
                        Supplier<Charset> charset) {
        this.backoff = backoff;
        this.charset = charset;
        if (OriginTls.isSecure(origin) && tls == null) {
            throw new IllegalArgumentException("an https:// origin needs TLS settings: " + origin);
        }
        this.onDemand = onDemand;
        this.tls = tls;
        this.mount = mount;
        this.origin = origin;
        this.target = origin;
        this.shown = Credentials.withoutPassword(origin);
        this.loop = loop;
        this.channelType = channelType;
        this.sourceTimeout = sourceTimeout;
    }

    /** Writes the access log's line for each connection to the origin to {@code log}; call before {@link #start()}. */
    public RelayPuller loggingAccessTo(AccessLog log) {
        this.accessLog = log;
        return this;
    }

    /** Starts pulling, or on demand watching for listeners; returns at once. */
    public RelayPuller start() {
        if (onDemand) {
            demandChecks = loop.scheduleAtFixedRate(this::checkDemand, 0, DEMAND_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            loop.execute(() -> {
                wanted = true;
                connect();
            });
        }
        return this;
    }

    /** Whether a connection to the origin is open or being opened now. Any thread; for tests and the curious. */
    public boolean isConnected() {
        Channel current = channel;
        return lookingUp || current != null && current.isOpen();
    }

    private void checkDemand() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (mount.isHeard()) {
            lastDemandNanos = now;
            if (!wanted) {
                wanted = true;
                log.info("relay {} <- {}: a listener is here; connecting", mount.path(), shown);
                backoff.resetFailures();
                connect();
            }
        } else if (wanted && now - lastDemandNanos > LINGER.toNanos()) {
            wanted = false;
            cancelRetry();
            log.info("relay {} <- {}: no listeners for {} s; disconnecting until one comes", mount.path(), shown,
                    LINGER.toSeconds());
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** The path of the local mount this relay feeds. */
    public String mountPath() {
        return mount.path();
    }

    /** How many times the origin has answered with audio so far. */
    public long connections() {
        return connections;
    }

    /** How many connections to the origin have been tried so far, whatever came of them. */
    public long attempts() {
        return attempts;
    }

    private void connect() {
        if (closed || !wanted || isConnected()) {
            return;
        }
        if (putOffForSource()) {
            // The source may stay for hours: the try after it starts at the origin, not where it last redirected to.
            backToOrigin();
            return;
        }
        cancelRetry();
        attempts++;
        refusedFormat = null;
        redirect = null;
        lookingUp = true;
        String host = target.getHost();
        int port = OriginTls.port(target);
        LOOKUPS.execute(() -> {
            // Blocking, for seconds when DNS is slow: never on the loop, which also serves the mount's listeners.
            InetSocketAddress address;
            try {
                address = new InetSocketAddress(host, port);
            } catch (RuntimeException unusable) {
                address = null; // not a port, or no host: told as a failed connection, never left looking up
            }
            InetSocketAddress found = address;
            try {
                loop.execute(() -> dial(found, host + ":" + port));
            } catch (RejectedExecutionException stopping) {
                // The server is stopping: nothing to dial for.
            }
        });
    }

    /**
     * Connects to the origin at its {@code address} just looked up (unresolved: the lookup failed; null: {@code asked}
     * is no address at all). Loop only.
     */
    private void dial(InetSocketAddress address, String asked) {
        lookingUp = false;
        if (closed || !wanted) {
            // Unwanted since the lookup (on demand, the last listener left): the next try starts at the origin.
            backToOrigin();
            return;
        }
        if (address == null) {
            cannotConnect("no such address " + asked);
            return;
        }
        if (address.isUnresolved()) {
            cannotConnect("unknown host " + address.getHostString());
            return;
        }
        ChannelFuture attempt = new Bootstrap().group(loop).channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .attr(AccessLog.KEY, accessLog)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (OriginTls.isSecure(target)) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), target));
                        }
                        Duration timeout = sourceTimeout.get();
                        // From the start: an origin that accepts and then answers nothing is given up like a silent one.
                        ch.pipeline().addLast(PipelineNames.SOURCE_IDLE, new SourceIdleHandler(timeout))
                                .addLast("originHandshake", handshake(timeout))
                                .addLast("exceptions", exceptions);
                    }
                })
                .connect(address);
        channel = attempt.channel();
        attempt.addListener(connect -> {
            if (!connect.isSuccess()) {
                if (wanted) {
                    cannotConnect(connect.cause().getMessage());
                }
                return;
            }
            SslHandler secured = attempt.channel().pipeline().get(SslHandler.class);
            if (secured != null) {
                warnIfHandshakeFails(secured);
            }
            attempt.channel().closeFuture().addListener(ended -> {
                if (redirect != null && !closed && wanted) {
                    follow(redirect);
                    return;
                }
                // The next try, now or when wanted again (on demand), asks the origin itself.
                backToOrigin();
                if (!closed && wanted) {
                    retryLater(refusedFormat != null ? afterFormatRefusal() : afterEnd());
                }
            });
        });
    }

    private void cannotConnect(String why) {
        backToOrigin();
        Duration wait = backoff.afterFailure();
        log.warn("relay {} <- {}: cannot connect ({}); trying again in {} s", mount.path(), shown, why, wait.toSeconds());
        retryLater(wait);
    }

    /**
     * Whether a local source holds the mount, so that the try is put off: the origin would answer, taking a listener place
     * and sending its burst, only to be hung up on. Said once; looked at again every {@link #HELD_CHECK}.
     */
    private boolean putOffForSource() {
        if (mount.liveSource() == null) {
            if (heldBySource) {
                heldBySource = false;
                log.info("relay {} <- {}: the source holding the mount left; connecting", mount.path(), shown);
            }
            return false;
        }
        if (!heldBySource) {
            heldBySource = true;
            log.info("relay {} <- {}: mount held by a source; connecting once it leaves", mount.path(), shown);
        }
        retryLater(HELD_CHECK);
        return true;
    }

    private OriginHandshake handshake(Duration timeout) {
        return new OriginHandshake(target, mount, timeout, charset.get(), this::connected, backoff::connected,
                this::refusedFormat).followingRedirects(location -> redirect = location);
    }

    /**
     * A failed TLS handshake with the origin (an untrusted certificate, another host's) is said once, plainly. Watched
     * only once connected: a connection that was never made had no handshake, and is said as such (cannot connect).
     */
    private void warnIfHandshakeFails(SslHandler handler) {
        handler.handshakeFuture().addListener(handshake -> {
            if (!handshake.isSuccess() && wanted && !closed) {
                log.warn("relay {} <- {}: TLS with the origin failed ({})", mount.path(), shown,
                        handshake.cause().getMessage());
            }
        });
    }

    /**
     * Tries where the origin redirected the relay, as Icecast's relays do: up to {@link #MAX_REDIRECTS} in a row, to an
     * http:// or https:// URL; credentials go along only to the same host.
     */
    private void follow(String location) {
        URI next = resolve(target, location);
        if (next == null || !followable(next, tls != null) || redirects >= MAX_REDIRECTS) {
            log.warn("relay {} <- {}: not following the origin's redirect to {} (after {} redirects)", mount.path(), shown,
                    next == null ? "an unusable URL" : Credentials.withoutPassword(next), redirects);
            backToOrigin();
            retryLater(afterEnd());
            return;
        }
        redirects++;
        target = sameServer(next, target) ? withUserInfoOf(target, next) : withoutUserInfo(next);
        log.info("relay {} <- {}: redirected to {}", mount.path(), shown, Credentials.withoutPassword(target));
        connect();
    }

    /** Where the redirect to {@code location} from {@code now} leads, or null if it is no URL. */
    static URI resolve(URI now, String location) {
        try {
            return now.resolve(location.trim());
        } catch (IllegalArgumentException unusable) {
            return null;
        }
    }

    /** Whether a redirect to {@code next} is followed: an http:// URL, or an https:// one when TLS is set up. */
    static boolean followable(URI next, boolean secure) {
        return Relaying.isOriginUrl(next) && next.getPort() <= MAX_PORT && (secure || !OriginTls.isSecure(next));
    }

    private void backToOrigin() {
        target = origin;
        redirects = 0;
    }

    /**
     * Whether {@code next} is on the server of {@code now}: the same host, on the same port or over TLS (a station moving
     * its stream to https), and not a step down from TLS to plain HTTP, which would send the password in clear.
     */
    static boolean sameServer(URI next, URI now) {
        boolean sameHost = next.getHost() != null && next.getHost().equalsIgnoreCase(now.getHost());
        boolean secure = OriginTls.isSecure(next);
        return sameHost && (secure || !OriginTls.isSecure(now)) && (secure || OriginTls.port(next) == OriginTls.port(now));
    }

    /**
     * {@code next} with the credentials of {@code now} when it names none: an origin's absolute Location (Icecast's and
     * nginx's are) carries no password, and the relay logs in to the same server again as Icecast's relays do.
     */
    private static URI withUserInfoOf(URI now, URI next) {
        String userInfo = now.getRawUserInfo();
        if (next.getRawUserInfo() != null || userInfo == null) {
            return next;
        }
        return URI.create(next.getScheme() + "://" + userInfo + "@" + next.getRawAuthority()
                + (next.getRawPath() == null ? "" : next.getRawPath())
                + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
    }

    private static URI withoutUserInfo(URI url) {
        String userInfo = url.getRawUserInfo();
        return userInfo == null ? url : URI.create(url.toString().replace(userInfo + "@", ""));
    }

    /** Live on the mount; the pauses between tries start short again only with the first real audio. */
    private void connected() {
        connections++;
    }

    /** The origin answered with {@code contentType}, which this server does not relay; the connection is closing. */
    private void refusedFormat(String contentType) {
        refusedFormat = contentType;
    }

    private Duration afterEnd() {
        Duration wait = backoff.afterFailure();
        log.info("relay {} <- {}: connection ended; trying again in {} s", mount.path(), shown, wait.toSeconds());
        return wait;
    }

    /** Said once at warn; again at debug only, until the origin sends audio. */
    private Duration afterFormatRefusal() {
        boolean news = !backoff.formatRefusedBefore();
        Duration wait = backoff.afterFormatRefusal();
        String message = "relay {} <- {}: origin sends {}; relaycast relays audio/mpeg (MP3); trying again in {} s";
        if (news) {
            log.warn(message + ", then less and less often (up to every {} s, logged at debug)", mount.path(), shown,
                    refusedFormat, wait.toSeconds(), backoff.formatMax().toSeconds());
        } else {
            log.debug(message, mount.path(), shown, refusedFormat, wait.toSeconds());
        }
        return wait;
    }

    private void retryLater(Duration wait) {
        if (closed) {
            return;
        }
        cancelRetry();
        retry = loop.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    /** Stops pulling and closes the connection; the mount's live input ends with it. */
    @Override
    public void close() {
        closed = true;
        loop.execute(() -> {
            if (demandChecks != null) {
                demandChecks.cancel(false);
            }
            cancelRetry();
            if (channel != null) {
                channel.close();
            }
        });
    }
}
