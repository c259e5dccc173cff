package io.relaycast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class ProgramsTest {

    @TempDir
    Path logs;

    @Test
    void capturesOutputAndExitCodeOfAnInstalledProgram() {
        Programs.Result result = Programs.run(logs, Duration.ofSeconds(30), List.of("ffmpeg", "-version"))
                .assertSuccess();

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutText()).contains("ffmpeg version");
        assertThat(result.stdout()).startsWith(logs);
    }

    @Test
    void reportsANonZeroExitCode() {
        Programs.Result result = Programs.run(logs, Duration.ofSeconds(10), List.of("sh", "-c", "echo oops >&2; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThatThrownBy(result::assertSuccess).isInstanceOf(AssertionFailedError.class).hasMessageContaining("oops");
    }

    @Test
    void failsTheTestWhenAProgramOutlivesItsTimeout() {
        assertThatThrownBy(() -> Programs.run(logs, Duration.ofMillis(200), List.of("sleep", "30")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("did not finish within");
    }

    @Test
    void failsTheTestWhenAProgramIsMissing() {
        assertThatThrownBy(() -> Programs.require("relaycast-no-such-program"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("not on the PATH");
    }
}
