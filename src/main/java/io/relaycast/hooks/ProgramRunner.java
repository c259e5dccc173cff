package io.relaycast.hooks;

import io.relaycast.config.SourceActions;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Icecast's {@code on-connect} and {@code on-disconnect}: runs a program when a live source connects to the mount or
 * leaves it, with the mount's path as its only argument, as Icecast does; the environment also says who the source is
 * ({@code RELAYCAST_MOUNT}, {@code RELAYCAST_SOURCE_ADDRESS}, {@code RELAYCAST_SOURCE_AGENT}, {@code RELAYCAST_EVENT}),
 * and it has none of the server's own {@code RELAYCAST_} settings, passwords among them.
 * Programs are started off the mount's thread and not waited for, as Icecast does not: when one exits, its output
 * (read through a pipe, see {@link ProgramOutputs}) goes to the log, its exit status too when not 0, and one that cannot
 * be started is logged and costs nothing else. The programs are those the mount's settings name when the source comes
 * or goes.
 */
final class ProgramRunner implements MountObserver {

    private static final Logger log = LoggerFactory.getLogger(ProgramRunner.class);

    private final Supplier<SourceActions> actions;
    private final ExecutorService launcher;
    private final ProgramOutputs outputs;

    /**
     * @param actions  the mount's settings in force, looked up on each event
     * @param launcher the thread that starts programs, one after another
     * @param outputs  reads their output
     */
    ProgramRunner(Supplier<SourceActions> actions, ExecutorService launcher, ProgramOutputs outputs) {
        this.actions = actions;
        this.launcher = launcher;
        this.outputs = outputs;
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
            launcher.execute(() -> run(program, event, mount, source));
        } catch (RejectedExecutionException shuttingDown) {
            log.info("mount {}: not running {} for the source's {}: the server is stopping", mount, program, event);
        }
    }

    private void run(String program, String event, String mount, LiveSource source) {
        boolean kept = outputs.reserve();
        if (!kept) {
            log.warn("mount {}: on-{} program {}: its output is not logged, {} programs' output is being read already",
                    mount, event, program, ProgramOutputs.READERS);
        }
        Process process;
        try {
            process = builder(program, event, mount, source, kept).start();
        } catch (IOException cannotRun) {
            if (kept) {
                outputs.release();
            }
            log.error("mount {}: on-{} program {} could not be run: {}", mount, event, program, cannotRun.getMessage());
            return;
        }
        closeQuietly(process);
        CompletableFuture<String> output = kept ? outputs.read(process.getInputStream(), process.onExit())
                : process.onExit().thenApply(exited -> "");
        output.thenAccept(text -> logExit(text, process.exitValue(), program, event, mount));
    }

    /**
     * The program with the mount as argument, its errors in its output, which goes to a pipe when {@code kept}. Its
     * environment is the server's without the server's own settings ({@code RELAYCAST_ADMIN_PASSWORD} and the like,
     * as Docker passes them), which a script running {@code env} would put in the log, and with the hook's variables.
     */
    private static ProcessBuilder builder(String program, String event, String mount, LiveSource source, boolean kept) {
        ProcessBuilder builder = new ProcessBuilder(program, mount).redirectErrorStream(true)
                .redirectOutput(kept ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("RELAYCAST_"));
        environment.put("RELAYCAST_EVENT", event);
        environment.put("RELAYCAST_MOUNT", mount);
        environment.put("RELAYCAST_SOURCE_ADDRESS", address(source.remote()));
        environment.put("RELAYCAST_SOURCE_AGENT", source.userAgent() == null ? "" : source.userAgent());
        return builder;
    }

    /** Logs the program's output, line by line, and its exit status. */
    private static void logExit(String output, int status, String program, String event, String mount) {
        output.lines().forEach(line -> log.info("mount {} on-{} {}: {}", mount, event, program, line));
        if (status != 0) {
            log.warn("mount {}: on-{} program {} exited with status {}", mount, event, program, status);
        } else {
            log.info("mount {}: on-{} program {} done", mount, event, program);
        }
    }

    /** Closes the program's input: it gets none. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyGone) {
            log.debug("a program's input could not be closed: {}", alreadyGone.toString());
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
