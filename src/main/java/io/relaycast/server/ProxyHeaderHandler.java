package io.relaycast.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.relaycast.http.ClientAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the client a trusted proxy's PROXY protocol header names as the connection's client, and asks the address
 * lists and the limit on connections waiting for their request about it, as about anybody connecting directly. A
 * header without a client (the proxy's own health check: {@code LOCAL}, {@code UNKNOWN}) leaves the proxy as the
 * client. A malformed header closes the connection.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderHandler.class);

    private final ServerContext context;
    /** Whether a header that names nobody leaves the proxy to be asked about here, as the client (SHOUTcast). */
    private final boolean proxyIsClientWithoutName;

    ProxyHeaderHandler(ServerContext context) {
        this(context, false);
    }

    ProxyHeaderHandler(ServerContext context, boolean proxyIsClientWithoutName) {
        this.context = context;
        this.proxyIsClientWithoutName = proxyIsClientWithoutName;
    }

    /** Whether the client or its header was refused: then what follows the header is dropped, not read as a request. */
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        SocketAddress client;
        try {
            client = clientOf(header);
        } finally {
            header.release();
        }
        if (client == null) {
            if (proxyIsClientWithoutName && !context.addresses().admits(ctx.channel().remoteAddress())) {
                refuse(ctx, ctx.channel().remoteAddress());
                return;
            }
            ctx.pipeline().remove(this);
            return;
        }
        ClientAddress.setForConnection(ctx.channel(), client);
        // A client that is a trusted proxy itself names its own client in each request (RequestRouter checks that one).
        if (context.proxies().trusts(client)) {
            ctx.pipeline().remove(this);
            return;
        }
        if (!context.addresses().admits(client)) {
            refuse(ctx, client);
            return;
        }
        if (!context.gate().admitNamedClient(ctx, context, client, ctx.pipeline().get(PipelineNames.TLS) != null)) {
            refused = true;
            return;
        }
        HeaderTimeoutHandler.countedAgainst(ctx.pipeline(), client, context.gate());
        ctx.pipeline().remove(this);
    }

    /** {@code client} is refused by the address lists: closed unanswered, and what follows the header dropped. */
    private void refuse(ChannelHandlerContext ctx, SocketAddress client) {
        log.debug("{}: refused by the address lists, as named by proxy {}", client, ctx.channel().remoteAddress());
        refused = true;
        context.requests().rejected(0);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException) {
            // The decoder may fail again on what is left of the header as the connection closes: counted once.
            if (!refused) {
                refused = true;
                log.info("{}: malformed PROXY protocol header ({}); closing", ctx.channel().remoteAddress(),
                        cause.getMessage());
                context.requests().rejected(0);
            }
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /** The client {@code header} names, or null for none (a proxy's health check, a protocol other than TCP). */
    private static SocketAddress clientOf(HAProxyMessage header) {
        HAProxyProxiedProtocol.AddressFamily family = header.proxiedProtocol().addressFamily();
        if (header.command() != HAProxyCommand.PROXY || header.sourceAddress() == null
                || (family != HAProxyProxiedProtocol.AddressFamily.AF_IPv4
                && family != HAProxyProxiedProtocol.AddressFamily.AF_IPv6)) {
            return null;
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(header.sourceAddress());
        try {
            return address == null ? null : new InetSocketAddress(InetAddress.getByAddress(address), header.sourcePort());
        } catch (UnknownHostException impossible) {
            return null;
        }
    }
}
