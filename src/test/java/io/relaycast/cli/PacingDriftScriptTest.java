package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/pacing-drift.sh, run from a copy of the project folder with stand-ins for java and ffmpeg: what it leaves
 * behind and what it exits with, not the measurement (PacingDriftCommand's own tests cover that).
 */
class PacingDriftScriptTest {

    @TempDir
    Path project;

    @Test
    void theGeneratedPlaylistFolderIsRemovedAndJavasExitStatusKept() throws IOException {
        Path script = Files.createDirectories(project.resolve("scripts")).resolve("pacing-drift.sh");
        Files.copy(Path.of("scripts/pacing-drift.sh"), script);
        Files.createFile(Files.createDirectories(project.resolve("target")).resolve("relaycast.jar"));
        Path bin = Files.createDirectories(project.resolve("bin"));
        executable(bin.resolve("java"), "exit 7");
        executable(bin.resolve("ffmpeg"), "exit 0");
        Path tmp = Files.createDirectories(project.resolve("tmp"));

        Map<String, String> environment = Map.of("PATH", bin + ":" + System.getenv("PATH"), "TMPDIR", tmp.toString());
        Programs.Result run = Programs.run(project, Duration.ofSeconds(60), environment, List.of("bash", script.toString(), "1"));

        assertThat(run.exitCode()).isEqualTo(7);
        try (var left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    private static void executable(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
