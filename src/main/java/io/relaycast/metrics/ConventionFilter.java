package io.relaycast.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Map;

/**
 * Brings the meters of micrometer's own binders in line with Prometheus conventions, so that a scrape passes
 * {@code promtool check metrics}: the Netty binders get help texts and byte units, {@code system.cpu.count} loses its
 * misleading {@code _count} suffix, and {@code process.cpu.time} (in nanoseconds, an abbreviated unit) is dropped in
 * favour of {@code process.cpu.usage}.
 */
final class ConventionFilter implements MeterFilter {

    /** The base unit to set (null: keep the one given) and the help text. */
    private record Fix(String baseUnit, String description) {
    }

    private static final Map<String, Fix> FIXES = Map.of(
            "netty.allocator.memory.used", new Fix("bytes", "Memory the Netty allocator holds, by memory type"),
            "netty.allocator.memory.pinned", new Fix("bytes", "Memory of the Netty allocator in buffers not yet released"),
            "netty.allocator.pooled.arenas", new Fix(null, "Arenas of the pooled Netty allocator"),
            "netty.allocator.pooled.cache.size", new Fix(null, "Entries of the pooled Netty allocator's thread caches"),
            "netty.allocator.pooled.chunk.size", new Fix("bytes", "Chunk size of the pooled Netty allocator"),
            "netty.allocator.pooled.threadlocal.caches", new Fix(null, "Thread-local caches of the pooled Netty allocator"),
            "netty.eventexecutor.tasks.pending", new Fix(null, "Tasks waiting in a Netty event loop's queue"));

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (id.getName().equals("system.cpu.count")) {
            return id.withName("system.cpus");
        }
        Fix fix = FIXES.get(id.getName());
        if (fix == null) {
            return id;
        }
        String baseUnit = fix.baseUnit() != null ? fix.baseUnit() : id.getBaseUnit();
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), baseUnit, fix.description(), id.getType());
    }
}
