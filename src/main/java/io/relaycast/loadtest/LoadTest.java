package io.relaycast.loadtest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens many listener connections to one stream at a steady rate, keeps them reading for the run, and sums up what
 * each experienced. Everything runs on one event loop thread (epoll where available), so that one core can drive
 * 12,000 listeners and the numbers describe the server, not the load generator.
 */
public final class LoadTest {

    private static final Logger log = LoggerFactory.getLogger(LoadTest.class);
    private static final long RAMP_TICK_MILLIS = 10;
    /** A loop running this far behind in some second reports that the load generator, not the server, fell behind. */
    static final double BEHIND_MILLIS = 100;

    private final LoadTestSettings settings;
    private final UnderrunWindows rule;
    private final List<ListenerProbe> probes = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private Consumer<LoadTestReport> measured;
    private long cpuBefore;
    private EventLoop loop;
    private Bootstrap bootstrap;
    private InetSocketAddress remote;
    private ByteBuf request;
    private long startNanos;
    private ScheduledFuture<?> ramp;
    private ScheduledFuture<?> lagTicks;
    private LoadTimeline timeline;

    public LoadTest(LoadTestSettings settings) {
        this.settings = settings;
        this.rule = UnderrunWindows.forBitrate(settings.bitrateKbps(), settings.windowSeconds());
    }

    /** Runs the test to its end and reports; blocks for the duration of the run. */
    public LoadTestReport run() throws InterruptedException {
        return run(report -> { });
    }

    /**
     * Runs the test to its end and reports; blocks for the duration of the run and the hold after it. {@code measured}
     * gets the report when the measured run ends, on the load test's event loop, while every connection is still open.
     */
    public LoadTestReport run(Consumer<LoadTestReport> measured) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(1, selectStrategy()) : new NioEventLoopGroup(1);
        cpuBefore = processCpuNanos();
        this.measured = measured;
        try {
            loop = group.next();
            remote = new InetSocketAddress(settings.url().getHost(), settings.port());
            request = Unpooled.directBuffer().writeBytes(requestHead());
            bootstrap = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_LINGER, 0)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis());
            Promise<LoadTestReport> done = loop.newPromise();
            WarmUp warmUp = new WarmUp(loop, bootstrap, epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                    settings.warmUpConnections(), request, rule);
            loop.execute(() -> warmUp.run().addListener(warm -> {
                if (!warm.isSuccess()) {
                    log.warn("the load generator's warm-up failed, starting cold: {}", warm.cause().toString());
                }
                start(done);
            }));
            return done.get(settings.duration().plus(settings.hold()).plus(WarmUp.TIME_LIMIT).toSeconds() + 60,
                    TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            throw new IllegalStateException("load test did not finish: " + failed, failed);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            if (request != null) {
                request.release();
            }
        }
    }

    /**
     * Netty's default sleeps in epoll_wait when there is nothing to do; with {@code --busy-poll} every turn of the loop
     * polls without a timeout (epoll_wait(0)), so the thread is never asleep when data arrives and due timers still run.
     */
    private SelectStrategyFactory selectStrategy() {
        if (!settings.busyPoll()) {
            return DefaultSelectStrategyFactory.INSTANCE;
        }
        SelectStrategy poll = (selectNow, hasTasks) -> selectNow.get();
        return () -> poll;
    }

    private byte[] requestHead() {
        String host = settings.url().getHost() + (settings.url().getPort() < 0 ? "" : ":" + settings.url().getPort());
        return ("GET " + settings.target() + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: relaycast-loadtest\r\n"
                + "Accept: */*\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private void start(Promise<LoadTestReport> done) {
        startNanos = System.nanoTime();
        timeline = new LoadTimeline(startNanos, LoadTest::processCpuNanos);
        lagTicks = loop.scheduleWithFixedDelay(() -> timeline.tick(System.nanoTime(), probes.size()),
                LoadTimeline.TICK_NANOS, LoadTimeline.TICK_NANOS, TimeUnit.NANOSECONDS);
        ramp = loop.scheduleAtFixedRate(this::rampUp, 0, RAMP_TICK_MILLIS, TimeUnit.MILLISECONDS);
        loop.schedule(() -> finish(done), settings.duration().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Opens the connections due by now, so that the ramp keeps its rate even when a tick runs late. */
    private void rampUp() {
        long elapsed = System.nanoTime() - startNanos;
        long due = Math.min(settings.listeners(), 1 + elapsed * settings.rampPerSecond() / 1_000_000_000L);
        while (probes.size() < due) {
            open(probes.size());
        }
        if (probes.size() >= settings.listeners()) {
            ramp.cancel(false);
        }
    }

    private void open(int index) {
        ListenerProbe probe = new ListenerProbe(rule, request, System.nanoTime(), timeline);
        probes.add(probe);
        Bootstrap connect = bootstrap.clone().handler(probe);
        ChannelFuture future = settings.localAddresses().isEmpty() ? connect.connect(remote)
                : connect.connect(remote, new InetSocketAddress(
                        settings.localAddresses().get(index % settings.localAddresses().size()), 0));
        channels.add(future.channel());
        future.addListener(connected -> {
            if (!connected.isSuccess()) {
                probe.connectFailed(connected.cause());
            }
        });
    }

    private void finish(Promise<LoadTestReport> done) {
        if (ramp != null) {
            ramp.cancel(false);
        }
        lagTicks.cancel(false);
        long now = System.nanoTime();
        for (ListenerProbe probe : probes) {
            probe.endOfTest(now);
        }
        LoadTestReport report = withCpu(summarise((now - startNanos) / 1e9), processCpuNanos() - cpuBefore);
        try {
            measured.accept(report);
        } finally {
            loop.schedule(() -> {
                for (Channel channel : channels) {
                    channel.close();
                }
                done.setSuccess(report);
            }, settings.hold().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private LoadTestReport summarise(double seconds) {
        int served = 0;
        int failed = 0;
        int dropped = 0;
        int underrunListeners = 0;
        long underrunWindows = 0;
        int checked = 0;
        int aligned = 0;
        long totalBytes = 0;
        long[] ttfb = new long[probes.size()];
        int ttfbCount = 0;
        Map<String, Integer> failures = new TreeMap<>();
        for (ListenerProbe probe : probes) {
            switch (probe.outcome()) {
                case SERVED -> served++;
                case DROPPED -> dropped++;
                default -> {
                    failed++;
                    failures.merge(probe.failure(), 1, Integer::sum);
                }
            }
            underrunWindows += probe.underrunWindows();
            underrunListeners += probe.underrunWindows() > 0 ? 1 : 0;
            checked += probe.startChecked() ? 1 : 0;
            aligned += probe.startAligned() ? 1 : 0;
            totalBytes += probe.bodyBytes();
            if (probe.timeToFirstByteNanos() >= 0) {
                ttfb[ttfbCount++] = probe.timeToFirstByteNanos();
            }
        }
        if (probes.size() < settings.listeners()) {
            failed += settings.listeners() - probes.size();
            failures.put("not opened before the end", settings.listeners() - probes.size());
        }
        long[] samples = Arrays.copyOf(ttfb, ttfbCount);
        return new LoadTestReport(settings.url().toString(), settings.listeners(), seconds, settings.rampPerSecond(),
                settings.bitrateKbps(), served, failed, dropped, underrunListeners, underrunWindows, settings.windowSeconds(),
                LoadTestReport.Latency.ofNanos(Percentiles.of(samples)), LoadTestReport.Alignment.of(checked, aligned),
                totalBytes, totalBytes * 8 / seconds / 1e6, failures, 0, timeline.maxLagMillis(),
                timeline.secondsLaggingOver(BEHIND_MILLIS), timeline.seconds());
    }

    private static LoadTestReport withCpu(LoadTestReport r, long cpuNanos) {
        return new LoadTestReport(r.url(), r.listeners(), r.durationSeconds(), r.rampPerSecond(), r.bitrateKbps(), r.served(),
                r.failed(), r.droppedEarly(), r.underrunListeners(), r.underrunWindows(), r.windowSeconds(), r.ttfbMillis(),
                r.frameAligned(), r.totalBytes(), r.throughputMbps(), r.failures(), Math.round(cpuNanos / 1e7) / 100.0,
                r.loadMaxLoopLagMillis(), r.loadSecondsBehind(), r.timeline());
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
