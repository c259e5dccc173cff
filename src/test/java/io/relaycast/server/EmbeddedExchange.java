package io.relaycast.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** What a connection pipeline on an {@link EmbeddedChannel} answers to bytes a client sends. */
final class EmbeddedExchange {

    private EmbeddedExchange() {
    }

    /** Writes {@code request} into {@code channel}, runs what it scheduled, and returns everything it wrote back. */
    static String exchange(EmbeddedChannel channel, String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }
}
