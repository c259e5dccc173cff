package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadTestSettingsTest {

    private static final URI STREAM = URI.create("http://127.0.0.1:8000/stream");

    @Test
    void aRunTooShortForTheLastListenerToHaveAWindowJudgedIsRefused() {
        // 200 listeners at 1000/s take 0.2 s to open; the last one then needs two 5 s windows: window 0 is exempt, and a
        // window is judged only once the next has begun. 10 s judges nothing, so "0 underruns" would say nothing.
        assertThatThrownBy(() -> settings(200, 10, 1000, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short to judge");
        assertThatCode(() -> settings(200, 11, 1000, 5)).doesNotThrowAnyException();
        assertThatCode(() -> settings(12_000, 40, 1000, 5)).doesNotThrowAnyException();
    }

    private static LoadTestSettings settings(int listeners, int seconds, int ramp, int window) {
        return new LoadTestSettings(STREAM, listeners, Duration.ofSeconds(seconds), ramp, 128, List.of(),
                Duration.ofSeconds(10), window, false, Duration.ZERO, 0, 1);
    }
}
