package io.relaycast.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a connection's first byte before the HTTP decoder does. A TLS hello on this plain port, or binary garbage,
 * would otherwise sit in the HTTP decoder waiting for a line end that never comes; we answer or close at once.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ProtocolSniffer.class);
    private static final int TLS_HANDSHAKE = 0x16;
    private static final byte[] BAD_REQUEST = ("HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
            + "Not an HTTP request\n").getBytes(StandardCharsets.US_ASCII);

    private final RequestStats stats;

    ProtocolSniffer(RequestStats stats) {
        this.stats = stats;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        int first = in.getUnsignedByte(in.readerIndex());
        if (first == TLS_HANDSHAKE) {
            log.info("{}: TLS handshake on the plain HTTP port; closing (use http://)", ctx.channel().remoteAddress());
            stats.rejected(0);
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (!startsRequest(first)) {
            log.info("{}: not an HTTP request (first byte 0x{}); answering 400", ctx.channel().remoteAddress(),
                    Integer.toHexString(first));
            stats.rejected(400);
            in.skipBytes(in.readableBytes());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(BAD_REQUEST)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.pipeline().remove(this);
    }

    /** Request lines start with a method token; a leading empty line is tolerated as RFC 9112 asks. */
    private static boolean startsRequest(int first) {
        return (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first == '\r' || first == '\n';
    }
}
