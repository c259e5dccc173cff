package io.relaycast.source;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.relaycast.auth.BackendBusyException;
import io.relaycast.auth.ListenerAuthUrl;
import io.relaycast.auth.SourceAuthUrl;
import io.relaycast.http.ClientAddress;
import io.relaycast.http.Credentials;
import io.relaycast.http.RequestHost;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.SourceClaim;
import io.relaycast.mount.StreamInfo;
import io.relaycast.mp3.Mp3FrameDecoder;
import io.relaycast.server.HeaderTimeoutHandler;
import io.relaycast.server.PipelineNames;
import io.relaycast.server.ServerContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a source: checks credentials, format and that the mount is free, answers the way each encoder needs
 * (SOURCE: {@code 200}; PUT with {@code Expect: 100-continue}: {@code 100}; PUT without: {@code 200}, HTTP/1.0), then turns the
 * connection into a raw byte stream through the MP3 frame decoder. Audio that came with the head is kept.
 */
public final class SourceAdmission {

    private static final Logger log = LoggerFactory.getLogger(SourceAdmission.class);
    private static final String REALM = "relaycast";
    /** Icecast's words, which encoders' logs show. */
    static final String TOO_MANY_SOURCES = "Too many sources connected";
    /** MP3's names, and no type at all: what encoders and scripts label MP3 with. */
    private static final Set<String> MP3_TYPES = Set.of(StreamInfo.MPEG, "audio/mp3", "audio/x-mpeg", "audio/mpeg3",
            "audio/x-mp3", "audio/mpg", "audio/x-mpeg-3", "application/octet-stream");

    private final ServerContext context;

    public SourceAdmission(ServerContext context) {
        this.context = context;
    }

    public void admit(ChannelHandlerContext ctx, HttpRequest request, RequestPath path) {
        String mountPath = path.path();
        Optional<Credentials> credentials = Credentials.of(request);
        SourceAuthUrl backend = context.auth().sourceBackend(credentials, mountPath);
        // Without credentials there is nothing to ask a backend about: libshout asks so first, and then logs in.
        boolean askBackend = backend != null && credentials.isPresent();
        if (!askBackend && !context.auth().maySource(credentials, mountPath)) {
            refuseCredentials(ctx, request, mountPath, credentials);
            return;
        }
        if (context.mounts().sourceLimitReached(mountPath, context.config().limits().maxSources())) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, TOO_MANY_SOURCES);
            return;
        }
        String contentType = StreamInfoHeaders.contentType(request.headers());
        if (!isMpeg(contentType)) {
            refuse(ctx, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + contentType + " is not supported; relaycast relays audio/mpeg (MP3)");
            return;
        }
        if (mountPath.length() < 2 || mountPath.endsWith("/")) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "A source needs a mount name, e.g. /live");
            return;
        }
        StreamInfo info = StreamInfoHeaders.read(request.headers(), context.config().sourceCharset(mountPath));
        LiveSource source = new LiveSource(ClientAddress.of(ctx.channel()), userAgent(request), Instant.now(), info,
                () -> ctx.channel().close(), false, askBackend ? credentials.get() : null);
        if (askBackend) {
            hold(ctx, request, mountPath, source, backend.allows(backendSource(ctx, request, mountPath, credentials.get()),
                    ctx.channel()::isActive));
            return;
        }
        SourceClaim claim = context.mounts().claimLive(mountPath, source, context.config().limits().maxSources());
        if (claim.tooManySources()) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, TOO_MANY_SOURCES);
            return;
        }
        if (claim.busy()) {
            hold(ctx, request, mountPath, source, null);
            return;
        }
        log.info("source {} connected to {} ({}, {})", source.remote(), mountPath, request.method(), source.userAgent());
        startStreaming(ctx, request, claim.mount(), source);
    }

    /**
     * The source waits in a {@link SourceHold}, in the place of the request handlers, with whatever audio came with the
     * head: for {@code authorisation} from the mount's web backend (null: none), and a little for its mount if that is
     * busy, perhaps still with this encoder's previous connection.
     */
    private void hold(ChannelHandlerContext ctx, HttpRequest request, String mountPath, LiveSource source,
                      CompletableFuture<ListenerAuthUrl.Verdict> authorisation) {
        ChannelPipeline pipeline = ctx.pipeline();
        // After the encoder and the access log, so that a refusal is still an HTTP response, and logged.
        pipeline.addAfter(PipelineNames.ACCESS_LOG, PipelineNames.SOURCE_HOLD, new SourceHold(context.mounts(),
                () -> context.config().limits().maxSources(), mountPath, source, authorisation, new SourceHold.Outcome() {
                    @Override
                    public void admit(ChannelHandlerContext holdCtx, Mount mount) {
                        startStreaming(holdCtx, request, mount, source);
                    }

                    @Override
                    public Object refusal() {
                        return closing(SourceAdmission.this.refusal(ctx, HttpResponseStatus.FORBIDDEN,
                                "Mountpoint " + mountPath + " in use by another source"));
                    }

                    @Override
                    public Object tooManySources() {
                        return closing(SourceAdmission.this.refusal(ctx, HttpResponseStatus.FORBIDDEN, TOO_MANY_SOURCES));
                    }

                    @Override
                    public Object notAuthorised(ListenerAuthUrl.Verdict verdict, Throwable failure) {
                        return closing(backendRefusal(ctx, mountPath, source, verdict, failure));
                    }
                }));
        pipeline.remove(PipelineNames.ENDPOINTS);
        pipeline.remove(PipelineNames.AGGREGATOR);
        pipeline.remove(PipelineNames.ROUTER);
        if (!HttpUtil.isTransferEncodingChunked(request)) {
            // As in startStreaming: the audio that came with the head goes on as bytes, here into the hold.
            pipeline.remove(PipelineNames.HTTP_DECODER);
        }
    }

    /** Logs and counts a source the backend refused or could not be asked about; returns its answer: 401 or 503. */
    private FullHttpResponse backendRefusal(ChannelHandlerContext ctx, String mountPath, LiveSource source,
                                            ListenerAuthUrl.Verdict verdict, Throwable failure) {
        if (failure instanceof BackendBusyException) {
            // The backend's line said so once for the whole rush.
            context.requests().rejected(HttpResponseStatus.SERVICE_UNAVAILABLE.code());
            return Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, BackendBusyException.ANSWER);
        }
        if (failure != null) {
            log.warn("source {} on {}: the authentication backend cannot be asked ({})", source.remote(), mountPath,
                    failure.toString());
            context.requests().rejected(HttpResponseStatus.SERVICE_UNAVAILABLE.code());
            return Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Source authentication is unavailable, try again");
        }
        String reason = verdict.message().isBlank() ? "Not allowed to stream to " + mountPath : verdict.message();
        log.info("source {} refused for {}: the authentication backend said no to user {} ({})", source.remote(), mountPath,
                source.login().user(), reason);
        context.requests().rejected(HttpResponseStatus.UNAUTHORIZED.code());
        return Responses.unauthorized(REALM, reason);
    }

    /** The source as Icecast describes it to an authentication backend. */
    private static SourceAuthUrl.Source backendSource(ChannelHandlerContext ctx, HttpRequest request, String mountPath,
                                                      Credentials credentials) {
        int port = ctx.channel().localAddress() instanceof InetSocketAddress local ? local.getPort() : 0;
        return new SourceAuthUrl.Source(mountPath, ClientAddress.ip(ctx.channel()),
                RequestHost.of(request, ctx.channel()).hostname(), port, credentials.user(), credentials.password());
    }

    /**
     * Whether a source labelled {@code contentType} may be MP3: audio/mpeg under any of its names, or no type of its own
     * ({@code application/octet-stream}). Icecast plays every type but Ogg with its generic handler; here the frame
     * decoder decides what is audio, and types that name another codec (Ogg, AAC, FLAC, Opus) are refused at once.
     */
    public static boolean isMpeg(String contentType) {
        return MP3_TYPES.contains(contentType);
    }

    /**
     * Answers the source and sets up its pipeline after {@code ctx} (the router's, or a {@link SourceHold}'s), whose
     * handler is removed last: a hold then hands over what it kept.
     */
    private void startStreaming(ChannelHandlerContext ctx, HttpRequest request, Mount mount, LiveSource source) {
        ChannelPipeline pipeline = ctx.pipeline();
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        // The source's access log line is written when it leaves (SourceIngestHandler).
        for (String name : new String[] {PipelineNames.HEADER_TIMEOUT, PipelineNames.HTTP_ENCODER, PipelineNames.EXTRA_HEADERS,
                PipelineNames.ACCESS_LOG, PipelineNames.ENDPOINTS, PipelineNames.AGGREGATOR}) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        ctx.writeAndFlush(Unpooled.copiedBuffer(acceptance(request), StandardCharsets.US_ASCII));
        String after = ctx.name();
        long length = HttpUtil.getContentLength(request, -1L);
        if (chunked) {
            pipeline.addAfter(after, PipelineNames.CHUNKED_BODY, new ChunkedBodyHandler(isContinued(request)));
            after = PipelineNames.CHUNKED_BODY;
        } else if (length > 0) {
            pipeline.addAfter(after, PipelineNames.FIXED_LENGTH_BODY, new FixedLengthBodyHandler(length, isContinued(request)));
            after = PipelineNames.FIXED_LENGTH_BODY;
        }
        pipeline.addAfter(after, PipelineNames.FOREIGN_AUDIO, new ForeignAudioSniffer(source, mount.path()));
        Mp3FrameDecoder frames = new Mp3FrameDecoder();
        pipeline.addAfter(PipelineNames.FOREIGN_AUDIO, PipelineNames.FRAME_DECODER, frames);
        // After the decoder, so that only audio counts: bytes that are not MP3 keep a source on air no longer than silence.
        pipeline.addAfter(PipelineNames.FRAME_DECODER, PipelineNames.SOURCE_IDLE,
                new SourceIdleHandler(context.config().sourceTimeout(mount.path())));
        pipeline.addAfter(PipelineNames.SOURCE_IDLE, PipelineNames.SOURCE_INGEST,
                new SourceIngestHandler(mount, source, frames, request, context.config().sourceTimeout(mount.path())));
        pipeline.remove(ctx.handler());
        if (!chunked && pipeline.get(PipelineNames.HTTP_DECODER) != null) {
            // Removing the decoder hands whatever audio came with the head to the frame decoder.
            pipeline.remove(PipelineNames.HTTP_DECODER);
        }
    }

    /**
     * The exact answer each encoder family expects; see PROTOCOL.md. The 200 is Icecast's {@code HTTP/1.0} whatever the
     * request's version: old ocaml-cry (liquidsoap 1.3, {@code method="put"}) sends its audio chunked after an HTTP/1.1 one.
     */
    private static String acceptance(HttpRequest request) {
        if (isContinued(request)) {
            return "HTTP/1.1 100 Continue\r\n\r\n";
        }
        return "HTTP/1.0 200 OK\r\nServer: " + Responses.SERVER + "\r\nConnection: Close\r\n\r\n";
    }

    /** Whether the source is answered {@code 100 Continue} only, and the final answer comes when its body ends. */
    private static boolean isContinued(HttpRequest request) {
        return request.method().equals(HttpMethod.PUT) && expectsContinue(request);
    }

    /**
     * Whether the source waits for {@code 100 Continue}. Unlike {@link HttpUtil#is100ContinueExpected}, this honours the
     * header on HTTP/1.0 too: liquidsoap's {@code method="put"} sends {@code PUT ... HTTP/1.0} with
     * {@code Expect: 100-continue} and treats anything but {@code 100} as a failure.
     */
    static boolean expectsContinue(HttpRequest request) {
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        return expect != null && expect.trim().equalsIgnoreCase("100-continue");
    }

    private void refuseCredentials(ChannelHandlerContext ctx, HttpRequest request, String mount,
                                   Optional<Credentials> credentials) {
        context.requests().rejected(401);
        FullHttpResponse response = Responses.unauthorized(REALM, "Authentication required for source " + mount);
        if (credentials.isPresent()) {
            log.info("source {} refused for {}: wrong credentials for user {}", ClientAddress.of(ctx.channel()), mount,
                    credentials.get().user());
        } else if (request.headers().contains(HttpHeaderNames.AUTHORIZATION)) {
            log.info("source {} refused for {}: unreadable Authorization header", ClientAddress.of(ctx.channel()), mount);
        }
        if (mayKeepAlive(request)) {
            // libshout probes without credentials first and retries on the same socket.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
            HeaderTimeoutHandler.rearm(ctx);
            return;
        }
        closeAfter(ctx, response);
    }

    /** Only when no audio body is already on its way: otherwise the audio would be read as the next request. */
    private static boolean mayKeepAlive(HttpRequest request) {
        HttpHeaders headers = request.headers();
        boolean noBodyYet = expectsContinue(request) || "0".equals(headers.get(HttpHeaderNames.CONTENT_LENGTH));
        return noBodyYet && (request.protocolVersion().equals(HttpVersion.HTTP_1_1) || HttpUtil.isKeepAlive(request));
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        closeAfter(ctx, refusal(ctx, status, reason));
    }

    /** Sends a refusal the source can read even while it is sending audio (see {@link LingeringClose}). */
    private static void closeAfter(ChannelHandlerContext ctx, FullHttpResponse response) {
        LingeringClose.answer(ctx, closing(response));
    }

    /** {@code response}, saying that the connection ends with it. */
    private static FullHttpResponse closing(FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /** Logs and counts a refusal; returns its answer. */
    private FullHttpResponse refusal(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        log.info("source {} refused: {} {}", ClientAddress.of(ctx.channel()), status.code(), reason);
        context.requests().rejected(status.code());
        return Responses.text(status, reason);
    }

    private static String userAgent(HttpRequest request) {
        String agent = request.headers().get(HttpHeaderNames.USER_AGENT);
        return agent == null ? "" : agent;
    }
}
