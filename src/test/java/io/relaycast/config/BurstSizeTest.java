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
        ServerConfig.Builder d = ServerConfig.builder().queueSize(512 * 1024);
        assertThatThrownBy(() -> d.burstSize(BurstSize.ofBytes(512 * 1024 + 1)).build())
                .hasMessageContaining("must not exceed queue size");
    }
}
