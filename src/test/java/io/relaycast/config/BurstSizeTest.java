package io.relaycast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BurstSizeTest {

    @Test
    void parsesBytesInIcecastsUnits() {
        assertThat(BurstSize.parse("65536")).isEqualTo(BurstSize.ofBytes(65536));
        assertThat(BurstSize.parse("64k")).isEqualTo(BurstSize.ofBytes(65536));
        assertThat(BurstSize.parse("64KiB")).isEqualTo(BurstSize.ofBytes(65536));
        assertThat(BurstSize.parse("1m")).isEqualTo(BurstSize.ofBytes(1024 * 1024));
    }

    @Test
    void parsesSecondsOfAudio() {
        assertThat(BurstSize.parse("4s")).isEqualTo(BurstSize.ofDuration(Duration.ofSeconds(4)));
        assertThat(BurstSize.parse("2.5s")).isEqualTo(BurstSize.ofDuration(Duration.ofMillis(2500)));
        assertThat(BurstSize.parse("750ms")).isEqualTo(BurstSize.ofDuration(Duration.ofMillis(750)));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> BurstSize.parse("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSizes.parse("-5k")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configRefusesABurstLargerThanTheQueue() {
        ServerConfig d = ServerConfig.defaults();
        assertThatThrownBy(() -> new ServerConfig(d.bindAddress(), d.port(), d.sourcePort(), d.sourcePassword(), d.adminUser(),
                d.adminPassword(), BurstSize.ofBytes(d.queueSize() + 1), d.queueSize(), d.maxListeners(), d.sourceTimeout(),
                d.headerTimeout(), d.metaint(), d.chunkDuration(), d.listenerTimeout()))
                .hasMessageContaining("must not exceed queue size");
    }
}
