package io.relaycast.source;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;

/**
 * Ends a source whose request body has ended (a chunked body's last chunk, a {@code Content-Length} body complete):
 * with the final answer a client that was told only {@code 100 Continue} still waits for, then a close.
 */
final class BodyEnd {

    private static final String FINAL_ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private BodyEnd() {
    }

    /** @param continued whether the source got only {@code 100 Continue} so far */
    static void finish(ChannelHandlerContext ctx, boolean continued) {
        if (!continued) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Unpooled.copiedBuffer(FINAL_ANSWER, StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
