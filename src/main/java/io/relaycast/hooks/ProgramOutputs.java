package io.relaycast.hooks;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output of hook programs, read through pipes, each on a thread of its own: the first {@value #MAX_KEPT} bytes kept
 * for the log, the rest read and dropped until the pipe closes. A pipe, not a file: a job a program leaves running in
 * the background ({@code recorder &}) inherits it, and a file would grow on disk for as long as that job writes, where
 * a drained pipe costs nothing and never blocks the job. At most {@value #READERS} are read at once, so that programs
 * that never exit cannot take a thread each: the output of the others goes nowhere, as all of it does in Icecast.
 */
final class ProgramOutputs {

    /** How much of a program's output is logged: enough for its messages, not for a chatty program's flood. */
    static final int MAX_KEPT = 64 * 1024;
    /** Programs whose output is read at once. */
    static final int READERS = 16;
    /**
     * How long after a program exits its output may still be on its way through the pipe; a job it left in the
     * background may hold the pipe open for much longer, and what it writes is not the program's.
     */
    private static final long AFTER_EXIT_MILLIS = 500;

    private static final Logger log = LoggerFactory.getLogger(ProgramOutputs.class);

    private final Semaphore readers = new Semaphore(READERS);
    private final ThreadFactory threads = new DefaultThreadFactory("relaycast-program-output", true);

    /** Takes a reader for the next program's output, if one is free; {@link #read} or {@link #release} must follow. */
    boolean reserve() {
        return readers.tryAcquire();
    }

    /** Gives back a reader {@link #reserve} took and {@link #read} never got. */
    void release() {
        readers.release();
    }

    /**
     * Reads {@code pipe} until it closes, with the reader {@link #reserve} took; the text is what came through it until
     * the pipe closed, or shortly after {@code exit} completed if a job in the background still holds it.
     */
    CompletableFuture<String> read(InputStream pipe, CompletableFuture<?> exit) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        threads.newThread(() -> {
            try {
                drain(pipe, kept);
            } finally {
                readers.release();
                closed.complete(null);
            }
        }).start();
        return exit.thenCompose(exited -> closed.copy().completeOnTimeout(null, AFTER_EXIT_MILLIS, TimeUnit.MILLISECONDS))
                .thenApply(done -> text(kept));
    }

    private static void drain(InputStream pipe, ByteArrayOutputStream kept) {
        byte[] block = new byte[8192];
        try (pipe) {
            for (int read = pipe.read(block); read >= 0; read = pipe.read(block)) {
                synchronized (kept) {
                    kept.write(block, 0, Math.min(read, MAX_KEPT - kept.size()));
                }
            }
        } catch (IOException broken) {
            log.debug("a program's output could not be read to its end: {}", broken.toString());
        }
    }

    private static String text(ByteArrayOutputStream kept) {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
