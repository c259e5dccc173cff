package io.relaycast.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real programs our tests talk to (ffmpeg, mpg123, ezstream, liquidsoap...) with a timeout, their output
 * captured to files under {@code target/program-logs} so that a CI failure can be read afterwards.
 *
 * <p>A missing program fails the test: these tests are the point, and CI installs every program (.ci/run), so a
 * skip would only hide a broken machine.
 */
public final class Programs {

    static final Path DEFAULT_LOG_DIR = Path.of("target", "program-logs");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int TAIL_CHARS = 4000;

    private Programs() {
    }

    /**
     * The outcome of a finished program.
     *
     * @param command what was run
     * @param exitCode its exit code
     * @param stdout file holding its standard output
     * @param stderr file holding its standard error
     */
    public record Result(List<String> command, int exitCode, Path stdout, Path stderr) {

        public String stdoutText() {
            return read(stdout);
        }

        public String stderrText() {
            return read(stderr);
        }

        /** Fails the test, showing the end of stderr, unless the program exited with 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                fail(String.join(" ", command) + " exited with " + exitCode + "; stderr (" + stderr + ") ends with:\n"
                        + tail(stderrText()));
            }
            return this;
        }
    }

    /** Fails the test unless {@code program} (a name looked up on the PATH, or a path) is executable; returns its path. */
    public static Path require(String program) {
        if (program.contains(File.separator)) {
            Path given = Path.of(program);
            return Files.isExecutable(given) ? given : fail("required program " + program + " is not executable");
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("required program '" + program + "' is not on the PATH (" + path + "); .ci/run installs the test"
                + " programs with apt-get, do the same on this machine");
    }

    /**
     * What to put before a command that must not run as root (Icecast and VLC refuse to): as root, {@code setpriv} to
     * user {@code nobody}; otherwise nothing.
     */
    public static List<String> unprivileged() {
        return "root".equals(System.getProperty("user.name"))
                ? List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups") : List.of();
    }

    /** Runs {@code command} to completion, its stdin closed, its output in {@code target/program-logs}. */
    public static Result run(Duration timeout, String... command) {
        return run(DEFAULT_LOG_DIR, timeout, List.of(command));
    }

    /** Makes a named pipe at {@code path}: its reader waits in {@code open(2)} for a writer, and the other way round. */
    public static Path namedPipe(Path path) {
        run(Duration.ofSeconds(10), "mkfifo", path.toString()).assertSuccess();
        return path;
    }

    /**
     * Runs {@code command} to completion with stdin closed. Fails the test if the program is missing or outlives
     * {@code timeout} (it is then killed, with its children).
     */
    public static Result run(Path logDir, Duration timeout, List<String> command) {
        return run(logDir, timeout, Map.of(), command);
    }

    /** Like {@link #run(Path, Duration, List)}, with {@code environment} added to this JVM's. */
    public static Result run(Path logDir, Duration timeout, Map<String, String> environment, List<String> command) {
        Running running = start(logDir, environment, command);
        try {
            if (!running.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                running.close();
                fail(String.join(" ", command) + " did not finish within " + timeout + "; stderr (" + running.stderr()
                        + ") ends with:\n" + tail(read(running.stderr())));
            }
        } catch (InterruptedException e) {
            running.close();
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for " + String.join(" ", command), e);
        }
        return new Result(List.copyOf(command), running.process().exitValue(), running.stdout(), running.stderr());
    }

    /**
     * Starts {@code command} in the background (e.g. ffmpeg feeding a source into the server); close the result to
     * kill it. Its stdin is an open pipe, available through {@link Running#process()}.
     */
    public static Running start(Path logDir, List<String> command) {
        return start(logDir, Map.of(), command);
    }

    /** Like {@link #start(Path, List)}, with {@code environment} added to this JVM's (e.g. {@code DISPLAY}). */
    public static Running start(Path logDir, Map<String, String> environment, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        require(command.get(0));
        String name = String.format("%03d-%s", SEQUENCE.incrementAndGet(), Path.of(command.get(0)).getFileName());
        try {
            Files.createDirectories(logDir);
            Path stdout = logDir.resolve(name + ".stdout.log");
            Path stderr = logDir.resolve(name + ".stderr.log");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new Running(process, stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
    }

    /** Starts {@code command} in the background with its output in {@code target/program-logs}. */
    public static Running start(String... command) {
        return start(DEFAULT_LOG_DIR, List.of(command));
    }

    /**
     * A program started in the background. Closing it kills the program and its children.
     *
     * @param process the process, e.g. to write to its stdin
     * @param stdout file holding its standard output
     * @param stderr file holding its standard error
     */
    public record Running(Process process, Path stdout, Path stderr) implements AutoCloseable {

        /**
         * Asks the program to end (SIGTERM), for a server that cleans up after itself (an X server's lock file, a JACK
         * server's shared memory); kills it, as {@link #close()} does, if it has not ended within 5 s.
         */
        public void terminate() {
            process.destroy();
            awaitExit(5);
            close();
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            awaitExit(10);
        }

        private void awaitExit(int seconds) {
            try {
                process.waitFor(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The text of a program's output file (UTF-8). */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static String tail(String text) {
        return text.length() <= TAIL_CHARS ? text : "..." + text.substring(text.length() - TAIL_CHARS);
    }
}
