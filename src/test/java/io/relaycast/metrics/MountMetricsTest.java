package io.relaycast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.server.RequestStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MountMetricsTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final Mount mount = new Mount("/radio", loop, List.of(loop), UnpooledByteBufAllocator.DEFAULT, 64 * 1024,
            Duration.ofMillis(100), true);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void listenerMetersReadTheMountStats() {
        new MountMetrics(mount, Tags.of("station", "test")).bindTo(registry);
        mount.stats().listenerConnected();
        mount.stats().listenerConnected();
        mount.stats().listenerDisconnected(DisconnectReason.SLOW, TimeUnit.SECONDS.toNanos(2));
        mount.stats().bytesSent(4000);

        assertThat(registry.get("relaycast.listeners").tags("mount", "/radio", "station", "test").gauge().value()).isEqualTo(1);
        assertThat(registry.get("relaycast.listeners.peak").gauge().value()).isEqualTo(2);
        assertThat(registry.get("relaycast.listener.connects").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("relaycast.listener.disconnects").tag("reason", "slow").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("relaycast.listener.disconnects").tag("reason", "kicked").functionCounter().count()).isZero();
        assertThat(registry.get("relaycast.listener.disconnects").functionCounters()).hasSize(DisconnectReason.values().length);
        assertThat(registry.get("relaycast.listener.listening").functionCounter().count()).isEqualTo(2.0);
        assertThat(registry.get("relaycast.listener.sent").functionCounter().count()).isEqualTo(4000);
    }

    @Test
    void timeToFirstByteIsAHistogram() {
        new MountMetrics(mount, Tags.empty()).bindTo(registry);
        mount.stats().firstByteSent(TimeUnit.MILLISECONDS.toNanos(30));

        Timer timer = registry.get("relaycast.listener.first.byte").tag("mount", "/radio").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(bucket(timer, 25)).isZero();
        assertThat(bucket(timer, 50)).isEqualTo(1);
        assertThat(mount.stats().firstByteCount()).isEqualTo(1);
    }

    @Test
    void relayLatencyGoesToTheHistogram() {
        new MountMetrics(mount, Tags.empty()).bindTo(registry);

        mount.stats().recordRelayLatency(TimeUnit.MILLISECONDS.toNanos(60));
        mount.stats().recordRelayLatency(TimeUnit.MILLISECONDS.toNanos(180));

        Timer timer = registry.get("relaycast.relay.latency").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(180);
        assertThat(bucket(timer, 50)).isZero();
        assertThat(mount.stats().relayLatency().count()).isEqualTo(2);
    }

    @Test
    void onAirHasOneSeriesPerStateAndOnlyTheCurrentOneIsOne() {
        new MountMetrics(mount, Tags.empty()).bindTo(registry);
        mount.setOnAir(OnAir.PLAYLIST);

        assertThat(registry.get("relaycast.mount.on.air").gauges()).hasSize(OnAir.values().length);
        assertThat(registry.get("relaycast.mount.on.air").tag("state", "playlist").gauge().value()).isEqualTo(1);
        assertThat(registry.get("relaycast.mount.on.air").tag("state", "live").gauge().value()).isZero();
        assertThat(registry.get("relaycast.source.connected").gauge().value()).isZero();
    }

    @Test
    void streamFormatIsUnknownBeforeAnyAudio() {
        new MountMetrics(mount, Tags.empty()).bindTo(registry);

        assertThat(registry.get("relaycast.mount.stream.rate").gauge().value()).isNaN();
        assertThat(registry.get("relaycast.mount.stream.sample.rate").gauge().value()).isNaN();
    }

    @Test
    void rejectedRequestsHaveKnownStatusesUpFrontAndNewOnesWhenTheyHappen() {
        RequestStats stats = new RequestStats();
        stats.rejected(401);
        new RequestMetrics(stats, Tags.empty()).bindTo(registry);
        stats.rejected(418);
        stats.rejected(418);

        assertThat(registry.get("relaycast.requests.rejected").tag("status", "401").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("relaycast.requests.rejected").tag("status", "503").functionCounter().count()).isZero();
        assertThat(registry.get("relaycast.requests.rejected").tag("status", "none").functionCounter().count()).isZero();
        assertThat(registry.get("relaycast.requests.rejected").tag("status", "418").functionCounter().count()).isEqualTo(2);
    }

    private static double bucket(Timer timer, long millis) {
        for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
            if (bucket.bucket(TimeUnit.MILLISECONDS) == millis) {
                return bucket.count();
            }
        }
        throw new AssertionError("no bucket at " + millis + " ms");
    }
}
