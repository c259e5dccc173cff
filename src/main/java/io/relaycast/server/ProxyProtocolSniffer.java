package io.relaycast.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * First on a connection from a trusted proxy: whether it starts with a PROXY protocol header (HAProxy's
 * {@code send-proxy} or {@code send-proxy-v2}, nginx's {@code proxy_protocol on}, a cloud load balancer's), which then
 * names the client behind the proxy ({@link ProxyHeaderHandler}). A proxy may as well send plain HTTP with
 * {@code X-Forwarded-For}, so the header is looked for, not required; nobody else's is ever read.
 */
final class ProxyProtocolSniffer extends ByteToMessageDecoder {

    private static final byte[] VERSION_1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION_2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private enum Match { YES, NO, NOT_YET }

    private final ServerContext context;
    /** Whether a proxy that sends no header is asked about here, as the client: nothing later names one (SHOUTcast). */
    private final boolean proxyIsClientWithoutHeader;

    ProxyProtocolSniffer(ServerContext context) {
        this(context, false);
    }

    ProxyProtocolSniffer(ServerContext context, boolean proxyIsClientWithoutHeader) {
        this.context = context;
        this.proxyIsClientWithoutHeader = proxyIsClientWithoutHeader;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Match first = match(in, VERSION_1);
        Match second = match(in, VERSION_2);
        if (first == Match.NOT_YET || second == Match.NOT_YET) {
            return;
        }
        if (first == Match.YES || second == Match.YES) {
            ctx.pipeline().addAfter(ctx.name(), PipelineNames.PROXY_DECODER, new HAProxyMessageDecoder());
            ctx.pipeline().addAfter(PipelineNames.PROXY_DECODER, PipelineNames.PROXY_HEADER,
                    new ProxyHeaderHandler(context, proxyIsClientWithoutHeader));
        } else if (proxyIsClientWithoutHeader && !context.addresses().admits(ctx.channel().remoteAddress())) {
            in.skipBytes(in.readableBytes());
            context.requests().rejected(0);
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
    }

    private static Match match(ByteBuf in, byte[] signature) {
        int seen = Math.min(in.readableBytes(), signature.length);
        for (int i = 0; i < seen; i++) {
            if (in.getByte(in.readerIndex() + i) != signature[i]) {
                return Match.NO;
            }
        }
        return seen == signature.length ? Match.YES : Match.NOT_YET;
    }
}
