package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real ffmpeg (installed on every build machine) to encode test files and to judge our output. */
final class Ffmpeg {

    private static final String BINARY = "/usr/bin/ffmpeg";

    /** Exit code, stderr and stdout of one run. */
    record Run(int exitCode, String stderr, byte[] stdout) {
    }

    private Ffmpeg() {
    }

    static Run run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY, "-nostdin", "-hide_banner"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "ffmpeg", ".out");
        Path err = Files.createTempFile(workDir, "ffmpeg", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("ffmpeg timed out: " + command);
        }
        return new Run(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8), Files.readAllBytes(out));
    }

    /** Encodes {@code lavfiSource} with LAME at {@code bitrate} into {@code file}; ffmpeg adds an ID3v2 tag and an Info frame. */
    static Path encode(Path file, String lavfiSource, String bitrate) throws IOException, InterruptedException {
        Run run = run(file.getParent(), "-v", "error", "-y", "-f", "lavfi", "-i", lavfiSource,
            "-c:a", "libmp3lame", "-b:a", bitrate, file.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return file;
    }

    /** Decodes {@code file} completely, returning ffmpeg's error output (empty when the decoder met no error). */
    static String decodeErrors(Path file) throws IOException, InterruptedException {
        Run run = run(file.getParent(), "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run.stderr();
    }

    /** Decodes {@code file} to signed 16-bit PCM. */
    static byte[] decodePcm(Path file) throws IOException, InterruptedException {
        Run run = run(file.getParent(), "-v", "error", "-i", file.toString(), "-f", "s16le", "-");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
        return run.stdout();
    }
}
