package io.relaycast.source;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.relaycast.auth.BackendBusyException;
import io.relaycast.auth.ListenerAuthUrl;
import io.relaycast.auth.SourceAuthUrl;
import io.relaycast.http.ClientAddress;
import io.relaycast.http.Credentials;
import io.relaycast.http.RequestHost;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SHOUTcast v1 source login, on its own port (one above the source port, as Icecast does): the password on a line
 * of its own, answered with {@code OK2} and {@code icy-caps:11} (Icecast's reply; clients look for "OK"), or with
 * {@code invalid password} and a close. Then {@code icy-*} and {@code content-type} header lines up to an empty line,
 * then raw MP3, which goes live on the configured mount through the same frame decoder and ingest as an Icecast source.
 * Lines end in LF or CRLF. The user is the mount's source user ({@code source} unless it has a {@code username}): the
 * mount's own password if it has one, else the source password (or the admin's); on a mount with a
 * {@code source-auth-url}, the web backend is asked about that user and password before the answer. The password may
 * come as {@code password:#1} or {@code user:password} ({@link ShoutcastPassword}).
 */
public final class ShoutcastLogin extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ShoutcastLogin.class);
    /** Password and header lines together; libshout sends about 300 bytes. */
    static final int MAX_LOGIN_BYTES = 16 * 1024;
    static final String ACCEPTED = "OK2\r\nicy-caps:11\r\n\r\n";
    static final String INVALID_PASSWORD = "invalid password\r\n";
    /** libshout's probe, sent in place of a password. */
    static final String POKE = "!POKE";

    private final ServerContext context;
    private final String mountPath;
    private final HttpHeaders headers = new DefaultHttpHeaders(false);
    private boolean loggedIn;
    /** The password is with the web backend: nothing more is read until it answers. */
    private boolean authorising;
    /** The user and password the web backend let in, or null. */
    private Credentials login;
    private boolean done;
    private int consumed;
    /** {@code OK2} is written and waits for the end of what arrived with the password. */
    private boolean answerUnflushed;

    public ShoutcastLogin(ServerContext context, String mountPath) {
        this.context = context;
        this.mountPath = mountPath;
    }

    /**
     * While the backend is asked nothing more is read: a decoder that decoded nothing would otherwise ask for more even
     * with reading turned off.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (authorising) {
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            readLogin(ctx, in);
        } finally {
            flushAnswer(ctx);
        }
    }

    private void readLogin(ChannelHandlerContext ctx, ByteBuf in) {
        if (done) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (authorising) {
            // What follows the password stays here until the backend has answered.
            return;
        }
        int end;
        while ((end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n')) >= 0) {
            int length = end - in.readerIndex();
            consumed += length + 1;
            if (consumed > MAX_LOGIN_BYTES) {
                refuse(ctx, 431, "login longer than " + MAX_LOGIN_BYTES + " bytes", "");
                return;
            }
            String line = in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString();
            in.skipBytes(1);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!loggedIn) {
                logIn(ctx, line);
            } else if (line.isEmpty()) {
                goLive(ctx);
            } else {
                header(line);
            }
            if (done || authorising) {
                return;
            }
        }
        if (consumed + in.readableBytes() > MAX_LOGIN_BYTES) {
            refuse(ctx, 431, "login longer than " + MAX_LOGIN_BYTES + " bytes", "");
        }
    }

    private void logIn(ChannelHandlerContext ctx, String password) {
        if (password.equals(POKE)) {
            // libshout checks that the server speaks ICY before it logs in; any answer will do.
            done = true;
            log.debug("SHOUTcast probe from {}", ctx.channel().remoteAddress());
            ctx.writeAndFlush(Unpooled.copiedBuffer(INVALID_PASSWORD, StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Credentials credentials = ShoutcastPassword.credentials(password, context.auth().sourceUser(mountPath),
                given -> context.auth().maySource(Optional.of(given), mountPath));
        SourceAuthUrl backend = context.auth().sourceBackend(Optional.of(credentials), mountPath);
        if (backend == null && !context.auth().maySource(Optional.of(credentials), mountPath)) {
            refuse(ctx, 401, "wrong password", INVALID_PASSWORD);
            return;
        }
        if (context.mounts().sourceLimitReached(mountPath, context.config().limits().maxSources())) {
            // SHOUTcast v1 has no word for it: the encoder hears no OK2, and the log says why.
            refuse(ctx, 403, SourceAdmission.TOO_MANY_SOURCES.toLowerCase(Locale.ROOT), "");
            return;
        }
        if (backend != null) {
            askBackend(ctx, backend, credentials);
            return;
        }
        accept(ctx);
    }

    /**
     * Answers {@code OK2}, sent once what came with the password is read: libshout sends its headers in the same packet,
     * and once it hears {@code OK2} it sends the title on a connection of its own, which must find the source on air.
     */
    private void accept(ChannelHandlerContext ctx) {
        loggedIn = true;
        ctx.write(Unpooled.copiedBuffer(ACCEPTED, StandardCharsets.US_ASCII));
        answerUnflushed = true;
    }

    private void flushAnswer(ChannelHandlerContext ctx) {
        if (answerUnflushed) {
            answerUnflushed = false;
            ctx.flush();
        }
    }

    /** Stops reading until the mount's web backend has said whether {@code credentials} may stream. */
    private void askBackend(ChannelHandlerContext ctx, SourceAuthUrl backend, Credentials credentials) {
        authorising = true;
        // Its wait in the backend's line is not the encoder's to answer for; the clock runs again for its headers.
        HeaderTimeoutHandler.disarm(ctx);
        ctx.channel().config().setAutoRead(false);
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        String hostname = context.config().yp().hostname();
        // No Host header on this port: the server's public name if it has one, else the address the encoder reached.
        String server = hostname != null ? new RequestHost(hostname).hostname() : local.getAddress().getHostAddress();
        SourceAuthUrl.Source source = new SourceAuthUrl.Source(mountPath, ClientAddress.ip(ctx.channel()), server,
                local.getPort(), credentials.user(), credentials.password());
        backend.allows(source, ctx.channel()::isActive).whenComplete((verdict, failure) -> {
            try {
                ctx.executor().execute(() -> backendAnswered(ctx, credentials, verdict, failure));
            } catch (RejectedExecutionException shuttingDown) {
                ctx.channel().close();
            }
        });
    }

    private void backendAnswered(ChannelHandlerContext ctx, Credentials credentials, ListenerAuthUrl.Verdict verdict,
                                 Throwable failure) {
        authorising = false;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (failure instanceof BackendBusyException) {
            // The backend's line said so once for the whole rush; SHOUTcast v1 has no word for it but a close.
            refuse(ctx, 503, "the authentication backend is busy", "");
            return;
        }
        if (failure != null) {
            log.warn("SHOUTcast source {} on {}: the authentication backend cannot be asked ({})",
                    ClientAddress.of(ctx.channel()), mountPath, failure.toString());
            refuse(ctx, 503, "the authentication backend cannot be asked", "");
            return;
        }
        if (!verdict.allowed()) {
            refuse(ctx, 401, "the authentication backend said no to user " + credentials.user()
                    + (verdict.message().isBlank() ? "" : " (" + verdict.message() + ")"), INVALID_PASSWORD);
            return;
        }
        login = credentials;
        HeaderTimeoutHandler.awaitRestOfRequest(ctx);
        accept(ctx);
        ctx.channel().config().setAutoRead(true);
        // Whatever came with the password waits in this decoder: read on from there.
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
        } catch (Exception unexpected) {
            ctx.fireExceptionCaught(unexpected);
        }
        flushAnswer(ctx);
    }

    private void header(String line) {
        int colon = line.indexOf(':');
        if (colon > 0) {
            headers.add(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    private void goLive(ChannelHandlerContext ctx) {
        // The login is in: however long the mount keeps this encoder waiting, it is no longer waiting to send one.
        HeaderTimeoutHandler.disarm(ctx);
        String contentType = StreamInfoHeaders.contentType(headers);
        if (!SourceAdmission.isMpeg(contentType)) {
            refuse(ctx, 415, "content-type " + contentType + " is not supported; relaycast relays audio/mpeg (MP3)", "");
            return;
        }
        StreamInfo info = StreamInfoHeaders.read(headers, context.config().sourceCharset(mountPath));
        LiveSource source = new LiveSource(ClientAddress.of(ctx.channel()), "SHOUTcast v1 source", Instant.now(), info,
                () -> ctx.channel().close(), false, login);
        SourceClaim claim = context.mounts().claimLive(mountPath, source, context.config().limits().maxSources());
        done = true;
        if (claim.busy()) {
            // Waiting before it hears OK2: the title it sends as soon as it does is then kept for it, not lost.
            boolean unflushed = answerUnflushed;
            answerUnflushed = false;
            Channel channel = ctx.channel();
            hold(ctx, source);
            if (unflushed) {
                channel.flush();
            }
            return;
        }
        flushAnswer(ctx);
        if (claim.tooManySources()) {
            // Another encoder took the last place since this one heard OK2.
            refuse(ctx, 403, SourceAdmission.TOO_MANY_SOURCES.toLowerCase(Locale.ROOT), "");
            return;
        }
        log.info("source {} connected to {} (SHOUTcast v1)", source.remote(), mountPath);
        startStreaming(ctx, claim.mount(), source);
    }

    /** The mount is busy, perhaps still with this encoder's previous connection: waits a little, as an Icecast source does. */
    private void hold(ChannelHandlerContext ctx, LiveSource source) {
        ctx.pipeline().addAfter(ctx.name(), PipelineNames.SOURCE_HOLD, new SourceHold(context.mounts(),
                () -> context.config().limits().maxSources(), mountPath, source, new SourceHold.Outcome() {
                    @Override
                    public void admit(ChannelHandlerContext holdCtx, Mount mount) {
                        startStreaming(holdCtx, mount, source);
                    }

                    @Override
                    public Object refusal() {
                        refused(ctx, 403, "mountpoint " + mountPath + " in use by another source");
                        return Unpooled.EMPTY_BUFFER;
                    }

                    @Override
                    public Object tooManySources() {
                        refused(ctx, 403, SourceAdmission.TOO_MANY_SOURCES.toLowerCase(Locale.ROOT));
                        return Unpooled.EMPTY_BUFFER;
                    }

                    @Override
                    public Object notAuthorised(ListenerAuthUrl.Verdict verdict, Throwable failure) {
                        throw new IllegalStateException("a SHOUTcast source is authorised before it is held");
                    }
                }));
        // Removing this decoder hands whatever audio came with the login to the hold.
        ctx.pipeline().remove(this);
    }

    /** Sets up the source's pipeline after {@code ctx} (this login's, or a {@link SourceHold}'s), whose handler goes last. */
    private void startStreaming(ChannelHandlerContext ctx, Mount mount, LiveSource source) {
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(PipelineNames.HEADER_TIMEOUT);
        pipeline.addAfter(ctx.name(), PipelineNames.FOREIGN_AUDIO, new ForeignAudioSniffer(source, mountPath));
        Mp3FrameDecoder frames = new Mp3FrameDecoder();
        pipeline.addAfter(PipelineNames.FOREIGN_AUDIO, PipelineNames.FRAME_DECODER, frames);
        // After the decoder, as for Icecast sources: only MP3 audio keeps a source on air.
        pipeline.addAfter(PipelineNames.FRAME_DECODER, PipelineNames.SOURCE_IDLE,
                new SourceIdleHandler(context.config().sourceTimeout(mountPath)));
        pipeline.addAfter(PipelineNames.SOURCE_IDLE, PipelineNames.SOURCE_INGEST, new SourceIngestHandler(mount, source,
                frames, "SOURCE " + mountPath + " ICY", context.config().sourceTimeout(mountPath)));
        // Removing this decoder (or the hold) hands whatever audio came with the login to the frame decoder.
        pipeline.remove(ctx.handler());
    }

    private void refuse(ChannelHandlerContext ctx, int status, String why, String reply) {
        done = true;
        refused(ctx, status, why);
        LingeringClose.answer(ctx, Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII));
    }

    /** Logs and counts a refusal. */
    private void refused(ChannelHandlerContext ctx, int status, String why) {
        log.info("SHOUTcast source {} refused for {}: {}", ClientAddress.of(ctx.channel()), mountPath, why);
        context.requests().rejected(status);
    }
}
