package io.relaycast.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Programs;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@link LineFile} against a disk that is behind: a named pipe nobody reads yet holds the writer thread in its
 * {@code open(2)}, as a stalled disk or NFS mount would.
 */
class LineFileTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void linesBeyondTheWaitingLimitAreLeftOutCountedAndSaidOnceTheDiskCatchesUp() throws Exception {
        Path pipe = Programs.namedPipe(dir.resolve("stalled.log"));
        try (LoggedWarnings warnings = LoggedWarnings.of(LineFileTest.class)) {
            LineFile file = new LineFile("test log", LoggerFactory.getLogger(LineFileTest.class), line -> { }, 2);
            // The first line takes the writer thread into open(2), where it waits for a reader; two more wait for it.
            for (int i = 1; i <= 5; i++) {
                file.append(pipe, "line " + i);
            }
            assertThat(file.leftOutLines()).as("lines 4 and 5").isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings.first("test log", "lines are left out") != null);
            assertThat(warnings.first("test log", "lines are left out")).contains("behind by 2 lines");

            try (BufferedReader reader = Files.newBufferedReader(pipe, StandardCharsets.UTF_8)) {
                assertThat(reader.readLine()).isEqualTo("line 1");
                assertThat(reader.readLine()).isEqualTo("line 2");
                assertThat(reader.readLine()).isEqualTo("line 3");
                await().atMost(Duration.ofSeconds(10)).until(() -> warnings.first("test log", "were left out") != null);
                assertThat(warnings.first("test log", "were left out")).contains(": 2 lines were left out");
                file.append(pipe, "line 6");
                assertThat(reader.readLine()).isEqualTo("line 6");
                file.close();
                assertThat(reader.readLine()).as("closed").isNull();
            }
            assertThat(file.leftOutLines()).as("since the start").isEqualTo(2);
            assertThat(warnings.first(Level.WARN, "test log", "cannot be written")).isNull();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyLineOfABurstToAFullDiskGoesWhereTheOwnerSaysInOrder() {
        Path full = Path.of("/dev/full");
        assertThat(Files.isWritable(full)).as("/dev/full (ENOSPC on every write) on this Linux machine").isTrue();
        List<String> burst = IntStream.rangeClosed(1, 2000).mapToObj(i -> "line " + i).toList();
        ConcurrentLinkedQueue<String> unwritten = new ConcurrentLinkedQueue<>();
        try (LoggedWarnings warnings = LoggedWarnings.of(LineFileTest.class)) {
            LineFile file = new LineFile("test log", LoggerFactory.getLogger(LineFileTest.class), unwritten::add, 5000);
            burst.forEach(line -> file.append(full, line));
            file.close();
            assertThat(file.leftOutLines()).isZero();
            assertThat(unwritten).containsExactlyElementsOf(burst);
            assertThat(warnings.first(Level.WARN, "test log", "cannot be written")).contains("No space left on device");
        }
    }
}
