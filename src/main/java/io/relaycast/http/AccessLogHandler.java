package io.relaycast.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The access log's line for each request the HTTP layer answers, as Icecast logs every client it had: status pages,
 * admin commands, title updates, and refusals (a wrong password's 401, a missing mount's 404, a full server's 503), so
 * tools that watch the log for failed logins (fail2ban) see them. A connection that becomes a stream (a listener, a
 * source, a file download) takes this handler out of its pipeline and writes its own line when it ends.
 */
public final class AccessLogHandler extends ChannelDuplexHandler {

    /** A request read and not answered yet; answers go out in the order of the requests. */
    private record Seen(String requestLine, String user, String referer, String userAgent, long receivedNanos) {
    }

    private final Queue<Seen> unanswered = new ArrayDeque<>(2);
    /** The request whose answer is being written, its status and the body bytes so far; null between answers. */
    private Seen answering;
    private int status;
    private long bytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            unanswered.add(new Seen(request.method() + " " + request.uri() + " " + request.protocolVersion(),
                    Credentials.of(request).map(Credentials::user).orElse(null),
                    request.headers().get(HttpHeaderNames.REFERER), request.headers().get(HttpHeaderNames.USER_AGENT),
                    System.nanoTime()));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            Seen request = unanswered.poll();
            answering = request != null ? request : new Seen("-", null, null, null, System.nanoTime());
            status = response.status().code();
            bytes = 0;
        }
        if (answering != null && msg instanceof HttpContent content) {
            bytes += content.content().readableBytes();
            if (msg instanceof LastHttpContent) {
                AccessLog.of(ctx.channel()).write(new AccessLog.Entry(ClientAddress.of(ctx.channel()), answering.user(),
                        ZonedDateTime.now(), answering.requestLine(), status, bytes, answering.referer(),
                        answering.userAgent(), (System.nanoTime() - answering.receivedNanos()) / 1_000_000_000L));
                answering = null;
            }
        }
        ctx.write(msg, promise);
    }
}
