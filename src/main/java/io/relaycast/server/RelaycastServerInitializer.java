package io.relaycast.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.relaycast.http.AccessLogHandler;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Builds the pipeline every connection the {@link ConnectionGate} lets in starts with: (from a trusted proxy, a look for
 * its PROXY protocol header; on an HTTPS port, TLS,) sniff, time-limit and decode the request head, then route it.
 * Sources and listeners reconfigure the pipeline once admitted; everything else continues to the endpoints.
 */
final class RelaycastServerInitializer extends ChannelInitializer<Channel> {

    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEADER_SIZE = 16 * 1024;
    static final int MAX_CHUNK = 64 * 1024;
    static final int MAX_ENDPOINT_BODY = 64 * 1024;

    private final ServerContext context;
    private final List<HttpEndpoint> endpoints;
    private final PortRole role;
    private final ChannelGroup channels;
    private final InputEndHandler inputEndHandler = new InputEndHandler();
    private final ExceptionHandler exceptionHandler;
    private final ExtraHeadersHandler extraHeaders;
    /** Where {@link OffLoopEndpoint}s compute their answers. */
    private final Executor offLoop;
    /** Decrypts and encrypts everything first and last on an HTTPS port; null on plain ports. */
    private final ServerTls tls;

    RelaycastServerInitializer(ServerContext context, List<HttpEndpoint> endpoints, PortRole role, ChannelGroup channels,
                               Executor offLoop) {
        this(context, endpoints, role, channels, offLoop, null);
    }

    RelaycastServerInitializer(ServerContext context, List<HttpEndpoint> endpoints, PortRole role, ChannelGroup channels,
                               Executor offLoop, ServerTls tls) {
        this.context = context;
        this.endpoints = endpoints;
        this.role = role;
        this.channels = channels;
        this.offLoop = offLoop;
        this.tls = tls;
        this.exceptionHandler = tls == null ? new ExceptionHandler() : new ExceptionHandler(tls.failures());
        this.extraHeaders = new ExtraHeadersHandler(context);
    }

    @Override
    protected void initChannel(Channel channel) {
        if (!context.gate().admit(channel, context, channels, tls != null, true)) {
            return;
        }
        RequestStats stats = context.requests();
        ChannelPipeline pipeline = channel.pipeline();
        if (context.proxies().trusts(channel.remoteAddress())) {
            pipeline.addLast(PipelineNames.PROXY_SNIFFER, new ProxyProtocolSniffer(context));
        }
        if (tls != null) {
            pipeline.addLast(PipelineNames.TLS, tls.newHandler(channel.alloc()));
        }
        pipeline.addLast(PipelineNames.SNIFFER, new ProtocolSniffer(stats));
        pipeline.addLast(PipelineNames.HEADER_TIMEOUT,
                new HeaderTimeoutHandler(context.config().headerTimeout(), stats, context.gate(), context.proxies()));
        pipeline.addLast(PipelineNames.HTTP_DECODER, new HttpRequestDecoder(MAX_REQUEST_LINE, MAX_HEADER_SIZE, MAX_CHUNK));
        pipeline.addLast(PipelineNames.HTTP_ENCODER, new HttpResponseEncoder());
        pipeline.addLast(PipelineNames.ACCESS_LOG, new AccessLogHandler());
        // Always: it reads the headers in force, which a reload may give a connection that started with none.
        pipeline.addLast(PipelineNames.EXTRA_HEADERS, extraHeaders);
        pipeline.addLast(PipelineNames.ROUTER, new RequestRouter(context, endpoints, role));
        pipeline.addLast(PipelineNames.AGGREGATOR, new EndpointAggregator(MAX_ENDPOINT_BODY, stats));
        pipeline.addLast(PipelineNames.ENDPOINTS, new EndpointDispatcher(endpoints, stats, offLoop));
        pipeline.addLast(PipelineNames.INPUT_END, inputEndHandler);
        pipeline.addLast(PipelineNames.EXCEPTIONS, exceptionHandler);
    }
}
