package io.relaycast.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.auth.BackendBusyException;
import io.relaycast.auth.ListenerAuthUrl;
import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ResponseHeaders;
import io.relaycast.config.ServerConfig;
import io.relaycast.http.AccessLog;
import io.relaycast.http.ClientAddress;
import io.relaycast.http.Cors;
import io.relaycast.http.Credentials;
import io.relaycast.http.HttpDate;
import io.relaycast.http.RequestHost;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.http.UnsentBytes;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.mount.StreamInfo;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.server.PipelineNames;
import io.relaycast.server.ServerContext;
import io.relaycast.web.WebRootFiles;
import java.net.InetSocketAddress;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a listener to a mount: answers the stream's head the way Icecast does ({@code HTTP/1.0 200 OK}, {@code icy-*}
 * headers, no caching), bounds the connection's buffers so a stalled listener shows up in seconds, and hands the
 * connection to a {@link ListenerHandler}.
 */
public final class ListenerAdmission {

    /** Bytes a listener may have queued in Netty before it counts as not writable. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    /** Kernel send buffer per listener; the kernel doubles it. Small, so a stalled reader is noticed quickly. */
    static final int SEND_BUFFER = 32 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ListenerAdmission.class);
    /** How far a full mount's listeners are sent on along fallback mounts that are full too, as in Icecast. */
    static final int MAX_OVERFLOW_HOPS = 10;

    private final ServerContext context;

    public ListenerAdmission(ServerContext context) {
        this.context = context;
    }

    public void admit(ChannelHandlerContext ctx, HttpRequest request, RequestPath path) {
        long receivedNanos = System.nanoTime();
        Mount mount = context.mounts().find(path.path());
        if (mount == null || !mount.isListenable()) {
            ServerConfig config = context.config();
            if (!WebRootFiles.serve(ctx, request, path.path(), config.webRoot(), config.listenerTimeout(), context.requests())) {
                refuse(ctx, request, HttpResponseStatus.NOT_FOUND, "Mount " + path.path() + " not found");
            }
            return;
        }
        Optional<Credentials> credentials = Credentials.of(request);
        if (!context.auth().mayListen(credentials, mount.path())) {
            context.requests().rejected(HttpResponseStatus.UNAUTHORIZED.code());
            Responses.sendAndClose(ctx, request, Responses.unauthorized(mount.path(), "Listening to " + mount.path()
                    + " needs a user name and password"));
            return;
        }
        // Its id from here on, as with Icecast: the client number its authentication backend hears is the one that admin
        // commands (listclients, killclient) take.
        long id = context.listeners().newId();
        ListenerAuthUrl backend = context.auth().listenerBackend(credentials, mount.path());
        if (backend == null) {
            admitAllowed(ctx, request, path, id, receivedNanos, null, null);
            return;
        }
        ListenerAuthUrl.Listener listener = backendListener(ctx, request, credentials, id);
        // One who hung up while waiting in the backend's line is not asked about.
        backend.add(listener, ctx.channel()::isActive).whenComplete((verdict, failure) -> onLoop(ctx, () -> {
            if (!ctx.channel().isActive()) {
                if (failure == null && verdict.allowed()) {
                    backend.remove(listener, ListenerAuthUrl.NEVER_LISTENED);
                }
                return;
            }
            if (failure instanceof BackendBusyException) {
                refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, BackendBusyException.ANSWER);
                return;
            }
            if (failure != null) {
                log.warn("listener {} on {}: the authentication backend cannot be asked ({})", listener.ip(), mount.path(),
                        failure.toString());
                refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "Listener authentication is unavailable, try again");
                return;
            }
            if (!verdict.allowed()) {
                context.requests().rejected(HttpResponseStatus.UNAUTHORIZED.code());
                Responses.sendAndClose(ctx, request, Responses.unauthorized(mount.path(), verdict.message().isBlank()
                        ? "Not allowed to listen to " + mount.path() : verdict.message()));
                return;
            }
            LongConsumer onLeave = seconds -> backend.remove(listener, seconds);
            admitAllowed(ctx, request, path, id, receivedNanos, verdict.timeLimit(), onLeave);
        }));
    }

    /**
     * Admits a listener the mount's authentication let in: takes its places (or answers 503), sends the head and hands
     * the connection to a {@link ListenerHandler}. {@code timeLimit} (or null) caps the mount's listening time;
     * {@code onLeave} (or null) hears the seconds listened when the listener leaves, or
     * {@link ListenerAuthUrl#NEVER_LISTENED} if it never started.
     */
    private void admitAllowed(ChannelHandlerContext ctx, HttpRequest request, RequestPath path, long id, long receivedNanos,
                              Duration timeLimit, LongConsumer onLeave) {
        if (!ctx.channel().isActive()) {
            // Closed while its request was read (refused at the door, the next request of a pipeline): no places taken.
            notListening(onLeave);
            return;
        }
        Mount mount = context.mounts().find(path.path());
        if (mount == null || !mount.isListenable()) {
            notListening(onLeave);
            refuse(ctx, request, HttpResponseStatus.NOT_FOUND, "Mount " + path.path() + " not found");
            return;
        }
        boolean headOnly = request.method().equals(HttpMethod.HEAD);
        Optional<Credentials> credentials = Credentials.of(request);
        // The places a listener takes (its login on the mount, one of the server's, one of the mount's) are given back by
        // its handler when it leaves, or here when it is refused one of them.
        String login = headOnly ? null : credentials.map(Credentials::user).orElse(null);
        long loginNumber = takeUser(mount, login, credentials);
        if (loginNumber < 0) {
            notListening(onLeave);
            refuse(ctx, request, HttpResponseStatus.FORBIDDEN, "Account already in use");
            return;
        }
        Admitted admitted = new Admitted(ctx, request, path, id, receivedNanos, timeLimit, onLeave, login, loginNumber);
        List<CompletableFuture<Void>> replaced = loginNumber > 0 ? dropOlderConnections(mount, login, loginNumber) : List.of();
        if (replaced.isEmpty()) {
            takePlaces(admitted, mount);
            return;
        }
        // Let in once the connections it replaces have given back their places, so a full server or mount has room for it.
        CompletableFuture.allOf(replaced.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> onLoop(ctx, () -> {
            if (!ctx.channel().isActive()) {
                context.listeners().logins().leave(mount.path(), login);
                notListening(onLeave);
                return;
            }
            takePlaces(admitted, mount);
        }));
    }

    /** A listener let in by its mount's authentication and logged in there, on its way to taking its places. */
    private record Admitted(ChannelHandlerContext ctx, HttpRequest request, RequestPath path, long id, long receivedNanos,
                            Duration timeLimit, LongConsumer onLeave, String login, long loginNumber) {
    }

    /**
     * Takes a place on the server and one on {@code mount} (or on the mount a full one sends its listeners to) for a
     * listener logged in there, or answers 503; sends the head and hands the connection to a {@link ListenerHandler}.
     */
    private void takePlaces(Admitted admitted, Mount mount) {
        ChannelHandlerContext ctx = admitted.ctx();
        HttpRequest request = admitted.request();
        LongConsumer onLeave = admitted.onLeave();
        String login = admitted.login();
        RequestPath path = admitted.path();
        ServerConfig config = context.config();
        boolean headOnly = request.method().equals(HttpMethod.HEAD);
        if (!headOnly && !context.listeners().tryReserve(config.maxListeners())) {
            context.listeners().logins().leave(mount.path(), login);
            notListening(onLeave);
            refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "Server full: " + config.maxListeners() + " listeners");
            return;
        }
        if (!headOnly && !mount.tryTakeListenerPlace()) {
            Mount overflow = overflowPlace(mount);
            context.listeners().logins().leave(mount.path(), login);
            if (overflow == null) {
                context.listeners().releaseReservation();
                notListening(onLeave);
                if (mount.isClosed()) {
                    // Its source and last listener left a moment ago.
                    refuse(ctx, request, HttpResponseStatus.NOT_FOUND, "Mount " + path.path() + " not found");
                } else {
                    refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "Mount full: " + mount.maxListeners() + " listeners on " + mount.path());
                }
                return;
            }
            context.listeners().logins().take(overflow.path(), login);
            mount = overflow;
        }
        boolean wantsMetadata = "1".equals(request.headers().get("Icy-MetaData"));
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(PipelineNames.HEADER_TIMEOUT);
        pipeline.remove(PipelineNames.HTTP_ENCODER);
        // The listener's line is written when it leaves, by its handler.
        for (String name : new String[] {PipelineNames.ACCESS_LOG, PipelineNames.EXTRA_HEADERS}) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        pipeline.remove(PipelineNames.ENDPOINTS);
        pipeline.remove(PipelineNames.AGGREGATOR);
        int metaint = mount.listenerRules().metaintOr(config.metaint());
        CharSequence head = responseHead(shownTo(mount, wantsMetadata), wantsMetadata ? metaint : 0,
                mount.listenerRules().headers().forStatus(200).over(config.httpHeaders().forStatus(200)));
        if (headOnly) {
            notListening(onLeave);
            // The access log's handler is out already (the head is written as bytes): its line is written here.
            AccessLog.of(ctx.channel()).write(new AccessLog.Entry(ClientAddress.of(ctx.channel()),
                    Credentials.of(request).map(Credentials::user).orElse(null), ZonedDateTime.now(),
                    request.method() + " " + request.uri() + " " + request.protocolVersion(), 200, 0,
                    header(request, HttpHeaderNames.REFERER), header(request, HttpHeaderNames.USER_AGENT),
                    (System.nanoTime() - admitted.receivedNanos()) / 1_000_000_000L));
            ctx.writeAndFlush(encoded(ctx, head)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.channel().config().setWriteBufferWaterMark(WATER_MARK);
        ctx.channel().config().setOption(ChannelOption.SO_SNDBUF, SEND_BUFFER);
        UnsentBytes.restore(ctx.channel());
        // Flushed at once: a player waiting on a mount with no audio yet still gets its headers.
        ctx.writeAndFlush(encoded(ctx, head), ctx.voidPromise());
        ListenerRequest listenerRequest = new ListenerRequest(ClientAddress.of(ctx.channel()),
                request.method() + " " + request.uri() + " " + request.protocolVersion(),
                header(request, HttpHeaderNames.USER_AGENT), header(request, HttpHeaderNames.REFERER), wantsMetadata,
                metaint, admitted.receivedNanos(), login);
        pipeline.addAfter(PipelineNames.ROUTER, PipelineNames.LISTENER, new ListenerHandler(admitted.id(),
                context.listeners(), mount, listenerRequest,
                Delivery.of(config, mount.listenerRules()).limitedTo(admitted.timeLimit()), onLeave, admitted.loginNumber()));
        pipeline.remove(PipelineNames.ROUTER);
        pipeline.remove(PipelineNames.HTTP_DECODER);
    }

    /**
     * Counts {@code user}'s connection (null: no login) on {@code mount}; returns -1, with nothing counted, if the mount
     * lets each user listen once and this one listens there already (Icecast's {@code allow_duplicate_users 0}: an
     * account handed around). Where the mount drops the connections already there instead (Icecast-KH's
     * {@code drop_existing_listener}), returns the login's number (see {@link ListenerLogins#takeOver}); otherwise 0.
     * The admin, who may always listen, is never refused so.
     */
    private long takeUser(Mount mount, String user, Optional<Credentials> credentials) {
        ListenerLogins logins = context.listeners().logins();
        if (user != null && context.auth().isAdmin(credentials)) {
            logins.take(mount.path(), user);
            return 0;
        }
        ListenerAuth auth = mount.listenerRules().auth();
        if (user != null && auth.dropExisting()) {
            return logins.takeOver(mount.path(), user);
        }
        return logins.tryTake(mount.path(), user, !auth.duplicateUsers()) ? 0 : -1;
    }

    /**
     * Closes {@code user}'s connections on {@code mount} that logged in before login {@code number}, at once, as Icecast-KH
     * does; returns when each will have left. One that logged in before it but is not listening yet closes itself when it
     * starts (see {@link ListenerHandler}).
     */
    private List<CompletableFuture<Void>> dropOlderConnections(Mount mount, String user, long number) {
        List<CompletableFuture<Void>> leaving = new ArrayList<>();
        for (ListenerHandler existing : context.listeners().onMount(mount.path())) {
            if (user.equals(existing.user()) && existing.login() < number) {
                log.info("mount {}: {} logged in again, their connection from {} is dropped", mount.path(), user,
                        existing.remoteAddress());
                existing.disconnect(DisconnectReason.REPLACED);
                leaving.add(existing.left());
            }
        }
        return leaving;
    }

    /**
     * For a full mount that sends its new listeners elsewhere (Icecast's {@code fallback-when-full}): the first mount
     * along that chain that plays and has room, with a place taken there; or null, and the listener is refused. Icecast
     * follows such a chain up to {@value #MAX_OVERFLOW_HOPS} mounts, and so does this.
     */
    private Mount overflowPlace(Mount full) {
        Mount mount = full;
        for (int hop = 0; hop < MAX_OVERFLOW_HOPS; hop++) {
            String next = mount.listenerRules().overflowMount();
            mount = next == null ? null : context.mounts().find(next);
            if (mount == null || !mount.isListenable()) {
                return null;
            }
            if (mount.tryTakeListenerPlace()) {
                return mount;
            }
        }
        return null;
    }

    private static ByteBuf encoded(ChannelHandlerContext ctx, CharSequence head) {
        return ByteBufUtil.encodeString(ctx.alloc(), CharBuffer.wrap(head), StandardCharsets.UTF_8);
    }

    private static void notListening(LongConsumer onLeave) {
        if (onLeave != null) {
            onLeave.accept(ListenerAuthUrl.NEVER_LISTENED);
        }
    }

    /**
     * The listener as Icecast describes it to an authentication backend. Its {@code mount} is the address asked for, query
     * included (Icecast's raw request URI): token and pay-per-listen backends read the listener's ticket from it.
     */
    private ListenerAuthUrl.Listener backendListener(ChannelHandlerContext ctx, HttpRequest request,
                                                    Optional<Credentials> credentials, long id) {
        RequestHost host = RequestHost.of(request, ctx.channel());
        String ip = ClientAddress.ip(ctx.channel());
        int port = ctx.channel().localAddress() instanceof InetSocketAddress local ? local.getPort() : 0;
        String requested = RequestPath.originForm(request.uri());
        return new ListenerAuthUrl.Listener(id, requested, host.hostname(), port,
                credentials.map(Credentials::user).orElse(""), credentials.map(Credentials::password).orElse(""), ip,
                header(request, HttpHeaderNames.USER_AGENT));
    }

    /** Runs {@code task} on the channel's event loop; a loop already stopped (the server shutting down) runs nothing. */
    private static void onLoop(ChannelHandlerContext ctx, Runnable task) {
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException stopping) {
            ctx.channel().close();
        }
    }

    /**
     * What a listener is told about the stream. VLC asks for ICY titles only when the answer to its first request (which
     * does not ask for them) names the stream ({@code icy-name} or {@code icy-genre}): it then asks again with
     * {@code Icy-MetaData: 1}. So a listener that did not ask is told that a stream nobody named is named after its
     * mount, and VLC shows the titles of an AutoDJ mount or of an encoder that sends no name. Listeners that ask for
     * titles (players, relays, which would pass a made-up name on) get the stream as described. A stream whose bitrate
     * nobody declared (the AutoDJ's, an encoder that sends no {@code ice-bitrate}) is given its audio's, as the status
     * pages and stream directories are, and as Icecast gives the bitrate a playlist encoder (liquidsoap, ices) declares.
     */
    static StreamInfo shownTo(Mount mount, boolean wantsMetadata) {
        StreamInfo info = mount.info();
        FrameHeader format = mount.format();
        if (info.bitrate().isEmpty() && format != null) {
            info = info.withBitrate(Integer.toString(format.bitrateKbps()));
        }
        return wantsMetadata || !info.name().isEmpty() || !info.genre().isEmpty() ? info : info.named(mount.path());
    }

    /**
     * The head Icecast sends, which every player understands. It goes out in UTF-8: the station's name and description
     * are the only text that may not be ASCII, and players read them as UTF-8 (the bytes Icecast passes on from the
     * encoders that send UTF-8).
     */
    static StringBuilder responseHead(StreamInfo info, int metaint, ResponseHeaders extra) {
        StringBuilder head = new StringBuilder(512);
        head.append("HTTP/1.0 200 OK\r\n");
        line(head, extra, "Server", Responses.SERVER);
        line(head, extra, "Date", HttpDate.now());
        line(head, extra, "Content-Type", info.contentType());
        line(head, extra, "Cache-Control", "no-cache, no-store");
        line(head, extra, "Pragma", "no-cache");
        line(head, extra, "Expires", "Mon, 26 Jul 1997 05:00:00 GMT");
        line(head, extra, "Connection", "Close");
        line(head, extra, "Access-Control-Allow-Origin", "*");
        line(head, extra, "Access-Control-Expose-Headers", Cors.EXPOSED_HEADERS);
        optional(head, extra, "icy-name", info.name());
        optional(head, extra, "icy-description", info.description());
        optional(head, extra, "icy-genre", info.genre());
        optional(head, extra, "icy-url", info.url());
        line(head, extra, "icy-pub", info.isPublic() ? "1" : "0");
        optional(head, extra, "icy-br", info.bitrate());
        optional(head, extra, "ice-audio-info", info.audioInfo());
        if (metaint > 0) {
            line(head, extra, "icy-metaint", Integer.toString(metaint));
        }
        extra.headers().forEach(header -> head.append(header.name()).append(": ").append(header.value()).append("\r\n"));
        return head.append("\r\n");
    }

    private static void optional(StringBuilder head, ResponseHeaders extra, String name, String value) {
        if (!value.isEmpty()) {
            line(head, extra, name, value);
        }
    }

    /** A header of the server's, unless the station's {@code http-headers} have their own of that name. */
    private static void line(StringBuilder head, ResponseHeaders extra, String name, String value) {
        if (!extra.has(name)) {
            head.append(name).append(": ").append(value).append("\r\n");
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String reason) {
        context.requests().rejected(status.code());
        Responses.sendAndClose(ctx, request, Responses.text(status, reason));
    }

    private static String header(HttpRequest request, CharSequence name) {
        String value = request.headers().get(name);
        return value == null ? "" : value;
    }
}
