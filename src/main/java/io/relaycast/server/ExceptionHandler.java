package io.relaycast.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.WriteTimeoutException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every pipeline. A peer resetting or closing its socket is the normal end of a stream and only
 * closes the channel; anything else is logged once with the remote address. Either way the channel is closed and
 * nobody else is affected.
 */
@Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ExceptionHandler.class);

    private final TlsHandshakeFailures tlsFailures;

    /** For ports without TLS, where a failed handshake cannot happen. */
    public ExceptionHandler() {
        this(new TlsHandshakeFailures());
    }

    ExceptionHandler(TlsHandshakeFailures tlsFailures) {
        this.tlsFailures = tlsFailures;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isConnectionNoise(cause)) {
            log.debug("{}: connection ended: {}", ctx.channel().remoteAddress(), cause.toString());
        } else if (isNotTls(cause)) {
            tlsFailures.failed(log, ctx.channel().remoteAddress(), rootOf(cause) instanceof NotSslRecordException,
                    tlsFailure(cause));
        } else {
            log.warn("{}: closing after unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /** A client that speaks plain HTTP (or garbage) to the HTTPS port, or whose handshake fails: its problem, not ours. */
    static boolean isNotTls(Throwable cause) {
        Throwable root = rootOf(cause);
        return root instanceof NotSslRecordException || root instanceof SSLException;
    }

    /**
     * What went wrong, for the log. Never a {@link NotSslRecordException}'s message: it is a hex dump of what the client
     * sent, which from an encoder with TLS unticked is its request with its password.
     */
    static String tlsFailure(Throwable cause) {
        Throwable root = rootOf(cause);
        return root instanceof NotSslRecordException ? "not TLS (plain HTTP?) on the HTTPS port" : root.toString();
    }

    private static Throwable rootOf(Throwable cause) {
        return cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    }

    static boolean isConnectionNoise(Throwable cause) {
        Throwable root = rootOf(cause);
        return root instanceof SocketException
                || root instanceof ClosedChannelException
                // A request body cut short: the client hung up, or the header timeout closed it, mid-body.
                || root instanceof PrematureChannelClosureException
                // A web root file's reader that stopped taking it.
                || root instanceof WriteTimeoutException
                || (root instanceof IOException && String.valueOf(root.getMessage()).contains("reset by peer"))
                || (root instanceof IOException && String.valueOf(root.getMessage()).contains("Broken pipe"));
    }
}
