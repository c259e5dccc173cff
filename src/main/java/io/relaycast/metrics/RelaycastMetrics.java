package io.relaycast.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import io.relaycast.mount.MountRegistry;
import io.relaycast.server.RequestStats;

/**
 * The server's meter registry and everything bound to it: JVM, process, Netty allocator and event loops, refused
 * requests, and every mount as soon as it is created. Built once by the composition root; closing it stops the GC
 * listener and the registry.
 */
public final class RelaycastMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * @param mounts    every mount, existing and future, gets its meters
     * @param requests  refused requests
     * @param workers   the event loops serving connections
     * @param allocator the allocator buffers come from
     */
    public RelaycastMetrics(MountRegistry mounts, RequestStats requests, Iterable<EventExecutor> workers,
                            ByteBufAllocatorMetricProvider allocator) {
        Iterable<Tag> tags = Tags.empty();
        registry.config().meterFilter(new ConventionFilter());
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new NettyAllocatorMetrics(allocator).bindTo(registry);
        new NettyEventExecutorMetrics(workers).bindTo(registry);
        new RequestMetrics(requests, tags).bindTo(registry);
        // Hook first, then the mounts that exist already: binding a mount twice is harmless, missing one is not.
        mounts.onMountCreated(mount -> new MountMetrics(mount, tags).bindTo(registry));
        mounts.all().forEach(mount -> new MountMetrics(mount, tags).bindTo(registry));
        mounts.onMountRetired(mount -> MountMetrics.unbind(mount, registry));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
