package io.relaycast.loadtest;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One event loop's share of a load test: of N loops, loop k opens listeners k, k + N, k + 2N... at their turn in the
 * run's ramp, reads them, and at the end of the run tallies what they experienced. Every method but {@link #start}
 * and {@link #closeAll} runs on the shard's own loop, so its listeners, like real players, are read by a thread and an
 * epoll instance that are not everyone's.
 */
final class LoadShard {

    private static final long RAMP_TICK_MILLIS = 10;

    private final LoadTestSettings settings;
    private final int index;
    private final int shards;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress remote;
    private final ListenerRequests requests;
    private final UnderrunWindows rule;
    private final LongSupplier cpuNanos;
    private final List<ListenerProbe> probes = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private long startNanos;
    private LoadTimeline timeline;
    private ScheduledFuture<?> ramp;
    private ScheduledFuture<?> lagTicks;

    /**
     * @param index     this shard's number, 0 to {@code shards - 1}
     * @param bootstrap the load test's bootstrap, with this shard's loop as its group
     * @param cpuNanos  the process's CPU time, counted in this shard's timeline (one shard counts it, the others pass 0)
     */
    LoadShard(LoadTestSettings settings, int index, int shards, EventLoop loop, Bootstrap bootstrap,
              ListenerRequests requests, UnderrunWindows rule, LongSupplier cpuNanos) {
        this.settings = settings;
        this.index = index;
        this.shards = shards;
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.remote = new InetSocketAddress(settings.url().getHost(), settings.port());
        this.requests = requests;
        this.rule = rule;
        this.cpuNanos = cpuNanos;
    }

    /**
     * Starts this shard's part of the run, which began at {@code runStartNanos}. The future completes, on the shard's
     * loop, with the tally at the end of the run, when every connection is still open. Any thread.
     */
    Future<Part> start(long runStartNanos) {
        Promise<Part> finished = loop.newPromise();
        loop.execute(() -> {
            startNanos = runStartNanos;
            timeline = new LoadTimeline(startNanos, cpuNanos);
            lagTicks = loop.scheduleWithFixedDelay(() -> timeline.tick(System.nanoTime(), probes.size()),
                    LoadTimeline.TICK_NANOS, LoadTimeline.TICK_NANOS, TimeUnit.NANOSECONDS);
            ramp = loop.scheduleAtFixedRate(this::rampUp, 0, RAMP_TICK_MILLIS, TimeUnit.MILLISECONDS);
            long end = startNanos + settings.duration().toNanos() - System.nanoTime();
            loop.schedule(() -> finished.setSuccess(finish()), Math.max(0, end), TimeUnit.NANOSECONDS);
        });
        return finished;
    }

    /** How many of the run's first {@code due} listeners are this shard's. */
    static int share(int due, int index, int shards) {
        return due <= index ? 0 : (due - index + shards - 1) / shards;
    }

    /** Opens this shard's connections due by now, so that the ramp keeps its rate even when a tick runs late. */
    private void rampUp() {
        long elapsed = System.nanoTime() - startNanos;
        int due = (int) Math.min(settings.listeners(), 1 + elapsed * settings.rampPerSecond() / 1_000_000_000L);
        int mine = share(due, index, shards);
        while (probes.size() < mine) {
            open(index + probes.size() * shards);
        }
        if (probes.size() >= share(settings.listeners(), index, shards)) {
            ramp.cancel(false);
        }
    }

    private void open(int listener) {
        ListenerProbe probe = new ListenerProbe(rule, requests.of(listener), System.nanoTime(), timeline);
        probes.add(probe);
        Bootstrap connect = bootstrap.clone().handler(probe);
        List<InetAddress> local = settings.localAddresses();
        ChannelFuture future = local.isEmpty() ? connect.connect(remote)
                : connect.connect(remote, new InetSocketAddress(local.get(listener % local.size()), 0));
        channels.add(future.channel());
        future.addListener(connected -> {
            if (!connected.isSuccess()) {
                probe.connectFailed(connected.cause());
            }
        });
    }

    private Part finish() {
        ramp.cancel(false);
        lagTicks.cancel(false);
        long now = System.nanoTime();
        ProbeTally tally = new ProbeTally();
        for (ListenerProbe probe : probes) {
            probe.endOfTest(now);
            tally.add(probe);
        }
        return new Part(tally, timeline.seconds(), timeline.maxLagMillis());
    }

    /** Closes every connection of this shard; after the run's end, from any thread. */
    Future<?> closeAll() {
        return loop.submit(() -> channels.forEach(Channel::close));
    }

    /**
     * A shard's share of the run's outcome.
     *
     * @param tally        its listeners
     * @param seconds      its loop's timeline
     * @param maxLagMillis the most its loop ran behind
     */
    record Part(ProbeTally tally, List<LoadSecond> seconds, double maxLagMillis) {
    }
}
