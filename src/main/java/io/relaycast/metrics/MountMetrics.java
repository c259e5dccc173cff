package io.relaycast.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.FeedLoad;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountStats;
import io.relaycast.mount.OnAir;
import io.relaycast.mp3.FrameHeader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one mount, tagged {@code mount}: listeners, sources, what is on air and the stream format. Counters
 * and gauges read the mount's own {@link MountStats} (one bookkeeping); the two latencies are recorded into real
 * histograms through the recorder hooks of {@link MountStats}.
 */
public final class MountMetrics implements MeterBinder {

    /** Time to first byte buckets: a burst start is milliseconds, a slow network or a waiting mount seconds. */
    static final Duration[] FIRST_BYTE_BUCKETS = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);
    /**
     * Relay latency buckets: most fan-outs wait for their listeners' turn, one write interval (180 ms by default) at
     * most, so the buckets are 25 ms apart around it and the 250 ms target, enough for a p99 from the buckets alone.
     */
    static final Duration[] RELAY_LATENCY_BUCKETS =
            millis(1, 5, 10, 25, 50, 75, 100, 125, 150, 175, 200, 225, 250, 300, 400, 500, 750, 1000, 2500);

    private final Mount mount;
    private final Iterable<Tag> tags;

    public MountMetrics(Mount mount, Iterable<Tag> tags) {
        this.mount = mount;
        this.tags = Tags.concat(tags, RelaycastMeter.MOUNT, mount.path());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bindListeners(registry);
        bindLatencies(registry);
        bindSource(registry);
        bindStream(registry);
    }

    private void bindListeners(MeterRegistry registry) {
        MountStats stats = mount.stats();
        gauge(registry, RelaycastMeter.LISTENERS, stats, MountStats::currentListeners);
        gauge(registry, RelaycastMeter.LISTENERS_PEAK, stats, MountStats::listenerPeak);
        counter(registry, RelaycastMeter.LISTENER_CONNECTS, stats, MountStats::listenerConnects);
        for (DisconnectReason reason : DisconnectReason.values()) {
            FunctionCounter.builder(RelaycastMeter.LISTENER_DISCONNECTS.meterName(), stats, s -> s.disconnects(reason))
                    .description(RelaycastMeter.LISTENER_DISCONNECTS.description())
                    .tags(tags)
                    .tag(RelaycastMeter.REASON, reason.label())
                    .register(registry);
        }
        counter(registry, RelaycastMeter.LISTENING_TIME, stats, MountMetrics::listeningSeconds);
        counter(registry, RelaycastMeter.SENT, stats, MountStats::bytesSent);
    }

    private void bindLatencies(MeterRegistry registry) {
        Timer firstByte = timer(RelaycastMeter.FIRST_BYTE, FIRST_BYTE_BUCKETS).register(registry);
        mount.stats().recordFirstByteTo(nanos -> firstByte.record(nanos, TimeUnit.NANOSECONDS));
        Timer relayLatency = timer(RelaycastMeter.RELAY_LATENCY, RELAY_LATENCY_BUCKETS).register(registry);
        mount.stats().recordRelayLatencyTo(nanos -> relayLatency.record(nanos, TimeUnit.NANOSECONDS));
    }

    private void bindSource(MeterRegistry registry) {
        MountStats stats = mount.stats();
        gauge(registry, RelaycastMeter.SOURCE_CONNECTED, mount, MountMetrics::liveConnected);
        counter(registry, RelaycastMeter.SOURCE_CONNECTS, stats, MountStats::sourceConnects);
        counter(registry, RelaycastMeter.SOURCE_DISCONNECTS, stats, MountStats::sourceDisconnects);
        counter(registry, RelaycastMeter.SOURCE_TIMEOUTS, stats, MountStats::sourceTimeouts);
        counter(registry, RelaycastMeter.SOURCE_HANDOVERS, stats, MountStats::sourceHandovers);
        counter(registry, RelaycastMeter.RECEIVED, stats, MountStats::bytesReceived);
        counter(registry, RelaycastMeter.RECEIVED_FRAMES, stats, MountStats::framesReceived);
        counter(registry, RelaycastMeter.RESYNC_DROPPED, stats, MountStats::resyncDropped);
    }

    private void bindStream(MeterRegistry registry) {
        for (OnAir state : OnAir.values()) {
            Gauge.builder(RelaycastMeter.ON_AIR.meterName(), mount, m -> m.onAir() == state ? 1 : 0)
                    .description(RelaycastMeter.ON_AIR.description())
                    .tags(tags)
                    .tag(RelaycastMeter.STATE, state.label())
                    .register(registry);
        }
        counter(registry, RelaycastMeter.SWITCHES, mount.stats(), MountStats::switches);
        counter(registry, RelaycastMeter.METADATA_UPDATES, mount.stats(), MountStats::metadataUpdates);
        counter(registry, RelaycastMeter.FORMAT_CHANGES, mount.stats(), MountStats::formatChanges);
        counter(registry, RelaycastMeter.RESERVOIR_BRIDGES, mount.stats(), MountStats::reservoirBridges);
        counter(registry, RelaycastMeter.UPMIXED_FRAMES, mount.stats(), MountStats::upmixedFrames);
        counter(registry, RelaycastMeter.REENCODED_FRAMES, mount.stats(), MountStats::reencodedFrames);
        counter(registry, RelaycastMeter.REENCODE_DROPPED, mount.stats(), MountStats::reencodeDropped);
        counter(registry, RelaycastMeter.TRACKS_STARTED, mount.stats(), MountStats::tracksStarted);
        counter(registry, RelaycastMeter.FILES_SKIPPED, mount.stats(), MountStats::playlistFilesSkipped);
        counter(registry, RelaycastMeter.SILENCE_FRAMES, mount.stats(), MountStats::silenceFrames);
        counter(registry, RelaycastMeter.PACER_RESETS, mount.stats(), MountStats::pacerResets);
        FeedLoad load = mount.load();
        gauge(registry, RelaycastMeter.OVERLOADED, load, FeedLoad::overloadedLoops);
        counter(registry, RelaycastMeter.OVERLOADS, load, FeedLoad::overloads);
        counter(registry, RelaycastMeter.FAN_OUT, load, FeedLoad::fanOutSeconds);
        counter(registry, RelaycastMeter.TURN_WRITES, load, FeedLoad::turnWrites);
        counter(registry, RelaycastMeter.LATE_WRITES, load, FeedLoad::lateWrites);
        gauge(registry, RelaycastMeter.BYTE_RATE, mount, MountMetrics::bytesPerSecond);
        gauge(registry, RelaycastMeter.SAMPLE_RATE, mount, MountMetrics::sampleRate);
    }

    /** Removes every meter of {@code mount}'s path: the mount was retired, and a new one may take the path. */
    public static void unbind(Mount mount, MeterRegistry registry) {
        for (Meter meter : List.copyOf(registry.getMeters())) {
            if (mount.path().equals(meter.getId().getTag(RelaycastMeter.MOUNT))) {
                registry.remove(meter);
            }
        }
    }

    private <T> void gauge(MeterRegistry registry, RelaycastMeter meter, T target, ToDoubleFunction<T> value) {
        Gauge.builder(meter.meterName(), target, value)
                .description(meter.description())
                .baseUnit(meter.baseUnit())
                .tags(tags)
                .register(registry);
    }

    private <T> void counter(MeterRegistry registry, RelaycastMeter meter, T target, ToDoubleFunction<T> value) {
        FunctionCounter.builder(meter.meterName(), target, value)
                .description(meter.description())
                .baseUnit(meter.baseUnit())
                .tags(tags)
                .register(registry);
    }

    private Timer.Builder timer(RelaycastMeter meter, Duration[] buckets) {
        return Timer.builder(meter.meterName())
                .description(meter.description())
                .tags(tags)
                .serviceLevelObjectives(buckets);
    }

    private static double listeningSeconds(MountStats stats) {
        return stats.listeningNanos() / 1e9;
    }

    private static double liveConnected(Mount mount) {
        return mount.liveSource() != null ? 1 : 0;
    }

    private static double bytesPerSecond(Mount mount) {
        FrameHeader format = mount.format();
        return format == null ? Double.NaN : format.bitrateKbps() * 1000.0 / 8;
    }

    private static double sampleRate(Mount mount) {
        FrameHeader format = mount.format();
        return format == null ? Double.NaN : format.sampleRate();
    }

    private static Duration[] millis(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(values[i]);
        }
        return durations;
    }
}
