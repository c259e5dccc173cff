package io.relaycast.loadtest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoop;
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
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;
import io.relaycast.http.Credentials;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens many listener connections to one stream at a steady rate, keeps them reading for the run, and sums up what
 * each experienced. The listeners are read by {@code --loops} event loops (epoll where available), each with its own
 * share of them ({@link LoadShard}); one core can drive 12,000 listeners, so the numbers describe the server, not the
 * load generator.
 */
public final class LoadTest {

    private static final Logger log = LoggerFactory.getLogger(LoadTest.class);
    /** A loop running this far behind in some second reports that the load generator, not the server, fell behind. */
    static final double BEHIND_MILLIS = 100;

    private final LoadTestSettings settings;
    private final UnderrunWindows rule;
    private final LongSupplier cpuNanos;
    private final List<LoadShard> shards = new ArrayList<>();
    private Consumer<LoadTestReport> measured;
    private long cpuBefore;
    private EventLoop loop;
    private long startNanos;

    public LoadTest(LoadTestSettings settings) {
        this(settings, LoadTest::processCpuNanos);
    }

    /** With {@code cpuNanos} as the process's CPU clock, for tests. */
    LoadTest(LoadTestSettings settings, LongSupplier cpuNanos) {
        this.settings = settings;
        this.cpuNanos = cpuNanos;
        this.rule = UnderrunWindows.forBitrate(settings.bitrateKbps(), settings.windowSeconds());
    }

    /** Runs the test to its end and reports; blocks for the duration of the run. */
    public LoadTestReport run() throws InterruptedException {
        return run(report -> { });
    }

    /**
     * Runs the test to its end and reports; blocks for the duration of the run and the hold after it. {@code measured}
     * gets the report when the measured run ends, on the load test's first event loop, while every connection is still
     * open.
     */
    public LoadTestReport run(Consumer<LoadTestReport> measured) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(settings.loops(), selectStrategy())
                : new NioEventLoopGroup(settings.loops());
        this.measured = measured;
        ListenerRequests requests = null;
        try {
            requests = ListenerRequests.of(settings);
            Bootstrap bootstrap = new Bootstrap()
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_LINGER, 0)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis());
            for (EventExecutor executor : group) {
                EventLoop shardLoop = (EventLoop) executor;
                int index = shards.size();
                shards.add(new LoadShard(settings, index, settings.loops(), shardLoop, bootstrap.clone().group(shardLoop),
                        requests, rule, index == 0 ? cpuNanos : () -> 0));
            }
            loop = (EventLoop) group.iterator().next();
            Promise<LoadTestReport> done = loop.newPromise();
            WarmUp warmUp = new WarmUp(loop, bootstrap.clone().group(loop),
                    epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class, settings.warmUpConnections(),
                    requests.plain(), rule);
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
            if (requests != null) {
                requests.release();
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

    /** On the first loop: starts every shard at the same instant, and sums up when the last one has finished. */
    private void start(Promise<LoadTestReport> done) {
        startNanos = System.nanoTime();
        // After the warm-up: the figure is the measured run's, as the server's CPU is.
        cpuBefore = cpuNanos.getAsLong();
        List<Future<LoadShard.Part>> parts = new ArrayList<>();
        for (LoadShard shard : shards) {
            parts.add(shard.start(startNanos));
        }
        PromiseCombiner all = new PromiseCombiner(loop);
        parts.forEach(all::add);
        Promise<Void> finished = loop.newPromise();
        all.finish(finished);
        finished.addListener(ended -> {
            if (!ended.isSuccess()) {
                done.tryFailure(ended.cause());
                return;
            }
            finish(parts.stream().map(Future::getNow).toList(), done);
        });
    }

    private void finish(List<LoadShard.Part> parts, Promise<LoadTestReport> done) {
        LoadTestReport report = summarise(parts, (System.nanoTime() - startNanos) / 1e9, cpuNanos.getAsLong() - cpuBefore);
        try {
            measured.accept(report);
        } finally {
            loop.schedule(() -> {
                PromiseCombiner closes = new PromiseCombiner(loop);
                shards.forEach(shard -> closes.add(shard.closeAll()));
                Promise<Void> closed = loop.newPromise();
                closes.finish(closed);
                closed.addListener(all -> done.trySuccess(report));
            }, settings.hold().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private LoadTestReport summarise(List<LoadShard.Part> parts, double seconds, long cpuNanos) {
        ProbeTally tally = new ProbeTally();
        double maxLag = 0;
        for (LoadShard.Part part : parts) {
            tally.merge(part.tally());
            maxLag = Math.max(maxLag, part.maxLagMillis());
        }
        tally.notOpened(settings.listeners() - tally.opened());
        List<LoadSecond> timeline = LoadTimeline.merge(parts.stream().map(LoadShard.Part::seconds).toList());
        int behind = (int) timeline.stream().filter(second -> second.maxLagMillis() > BEHIND_MILLIS).count();
        return new LoadTestReport(Credentials.withoutPassword(settings.url()), settings.listeners(), seconds,
                settings.rampPerSecond(), settings.bitrateKbps(), tally.served(), tally.failed(), tally.dropped(),
                tally.underrunListeners(), tally.underrunWindows(), tally.judgedWindows(), settings.windowSeconds(),
                LoadTestReport.Latency.ofNanos(tally.ttfb()), tally.alignment(), tally.icyListeners(), tally.totalBytes(),
                tally.totalBytes() * 8 / seconds / 1e6, tally.failures(),
                Math.round(cpuNanos / 1e7) / 100.0, settings.loops(), maxLag, behind, timeline);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
