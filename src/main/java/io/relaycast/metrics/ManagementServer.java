package io.relaycast.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.relaycast.server.ConnectionGate;
import io.relaycast.server.HeaderTimeoutHandler;
import io.relaycast.server.PipelineNames;
import io.relaycast.server.PortUnavailableException;
import io.relaycast.server.RequestStats;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An optional port that serves only {@code /metrics} ({@code --management-port}), so that scraping can be firewalled
 * apart from the public listener port. One event loop of its own: a slow scraper never touches the audio loops. It
 * shares the process's open files with the audio ports, so a connection has the server's header timeout to send each
 * request, and at most {@link #MAX_CONNECTIONS} are open at once.
 */
public final class ManagementServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    private static final int MAX_REQUEST_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 8192;
    private static final int MAX_BODY = 8192;
    /** A scraper or two, a health check, someone with curl: plenty, and a small share of the open files. */
    static final int MAX_CONNECTIONS = 64;

    private final EventLoopGroup group;
    private final Channel channel;

    private ManagementServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code bindAddress:port} (0 for a free port); returns once it accepts connections. A connection that does
     * not send a whole request head within {@code headerTimeout} is closed; those closed so and those refused for being
     * too many are counted in {@code stats}.
     */
    public static ManagementServer start(String bindAddress, int port, PrometheusMeterRegistry registry,
                                         Duration headerTimeout, RequestStats stats) throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(1);
        MetricsEndpoint metrics = new MetricsEndpoint(registry);
        ConnectionCap cap = new ConnectionCap(MAX_CONNECTIONS, stats);
        ConnectionGate waiting = new ConnectionGate();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(PipelineNames.HEADER_TIMEOUT, new HeaderTimeoutHandler(headerTimeout, stats, waiting))
                                .addLast(PipelineNames.HTTP_DECODER,
                                        new HttpRequestDecoder(MAX_REQUEST_LINE, MAX_HEADER_SIZE, MAX_BODY))
                                .addLast(PipelineNames.HTTP_ENCODER, new HttpResponseEncoder())
                                .addLast(PipelineNames.CONNECTION_CAP, cap)
                                .addLast(PipelineNames.AGGREGATOR, new HttpObjectAggregator(MAX_BODY, true))
                                .addLast(PipelineNames.MANAGEMENT, new ManagementHandler(metrics));
                    }
                });
        try {
            Channel channel = PortUnavailableException.bind(bootstrap, bindAddress, port, "--management-port");
            ManagementServer server = new ManagementServer(group, channel);
            log.info("metrics on {}:{}{}", bindAddress, server.port(), MetricsEndpoint.PATH);
            return server;
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The port actually bound. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
