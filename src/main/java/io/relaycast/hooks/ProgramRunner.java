package io.relaycast.hooks;

import io.relaycast.config.SourceActions;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountObserver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Icecast's {@code on-connect} and {@code on-disconnect}: runs a program when a live source connects to the mount or
 * leaves it, with the mount's path as its only argument, as Icecast does; the environment also says who the source is
 * ({@code RELAYCAST_MOUNT}, {@code RELAYCAST_SOURCE_ADDRESS}, {@code RELAYCAST_SOURCE_AGENT}, {@code RELAYCAST_EVENT}).
 * The program runs on its own thread, never the mount's: when it exits, its output (kept in a temporary file meanwhile)
 * goes to the log, its exit status too when not 0, and one that cannot be started is logged and costs nothing else.
 * The programs are those the mount's settings name when the source comes or goes.
 */
final class ProgramRunner implements MountObserver {

    private static final Logger log = LoggerFactory.getLogger(ProgramRunner.class);
    /** How much of a program's output is logged: enough for its messages, not for a chatty program's flood. */
    private static final int MAX_OUTPUT = 64 * 1024;

    private final Supplier<SourceActions> actions;
    private final ExecutorService runners;

    /** @param actions the mount's settings in force, looked up on each event */
    ProgramRunner(Supplier<SourceActions> actions, ExecutorService runners) {
        this.actions = actions;
        this.runners = runners;
    }

    @Override
    public void liveStarted(Mount mount, LiveSource source) {
        String onConnect = actions.get().onConnect();
        if (onConnect != null) {
            start(onConnect, "connect", mount.path(), source);
        }
    }

    @Override
    public void liveEnded(Mount mount, LiveSource source) {
        String onDisconnect = actions.get().onDisconnect();
        if (onDisconnect != null) {
            start(onDisconnect, "disconnect", mount.path(), source);
        }
    }

    private void start(String program, String event, String mount, LiveSource source) {
        try {
            runners.execute(() -> run(program, event, mount, source));
        } catch (RejectedExecutionException shuttingDown) {
            log.info("mount {}: not running {} for the source's {}: the server is stopping", mount, program, event);
        }
    }

    private static void run(String program, String event, String mount, LiveSource source) {
        Path output;
        try {
            output = Files.createTempFile("relaycast-on-" + event, ".out");
        } catch (IOException noTemporaryFile) {
            log.error("mount {}: on-{} program {} not run, no file for its output: {}", mount, event, program,
                    noTemporaryFile.toString());
            return;
        }
        try {
            int status = runTo(output, program, event, mount, source);
            logOutput(output, program, event, mount);
            if (status != 0) {
                log.warn("mount {}: on-{} program {} exited with status {}", mount, event, program, status);
            } else {
                log.info("mount {}: on-{} program {} done", mount, event, program);
            }
        } catch (IOException cannotRun) {
            log.error("mount {}: on-{} program {} could not be run: {}", mount, event, program, cannotRun.getMessage());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(output);
        }
    }

    /**
     * Runs the program with its output (and errors) going to {@code output}, and returns its exit status once it has
     * exited. Not a pipe: a script that starts a job in the background ({@code recorder &}) hands it its output, and a
     * pipe would be open, so the program not done, until that job ends.
     */
    private static int runTo(Path output, String program, String event, String mount, LiveSource source)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(program, mount).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("RELAYCAST_EVENT", event);
        environment.put("RELAYCAST_MOUNT", mount);
        environment.put("RELAYCAST_SOURCE_ADDRESS", address(source.remote()));
        environment.put("RELAYCAST_SOURCE_AGENT", source.userAgent() == null ? "" : source.userAgent());
        Process process = builder.start();
        process.getOutputStream().close();
        return process.waitFor();
    }

    /** Logs the first {@value #MAX_OUTPUT} bytes the program wrote, line by line. */
    private static void logOutput(Path output, String program, String event, String mount) throws IOException {
        byte[] written;
        try (InputStream in = Files.newInputStream(output)) {
            written = in.readNBytes(MAX_OUTPUT);
        }
        new String(written, StandardCharsets.UTF_8).lines()
                .forEach(line -> log.info("mount {} on-{} {}: {}", mount, event, program, line));
    }

    private static void deleteQuietly(Path output) {
        try {
            Files.deleteIfExists(output);
        } catch (IOException stays) {
            log.debug("{} stays: {}", output, stays.toString());
        }
    }

    /** The IP address of {@code remote} as text. */
    static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }
}
