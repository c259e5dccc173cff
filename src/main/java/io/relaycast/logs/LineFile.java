package io.relaycast.logs;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A text file lines are appended to, as Icecast's logs are: written by one thread of its own, so no event loop waits on
 * the disk, and flushed whenever no more lines are waiting. The file is opened for appending (and created) at the first
 * line, and again after {@link #reopen} or when the path given with a line changes: a log that logrotate renamed starts
 * anew after a reload. At most a given number of lines wait; more are left out and counted, rather than held in memory.
 * A file that cannot be written is said once in the log until a line gets through again; its lines go where the owner
 * says meanwhile (or nowhere), every line not known to be flushed to it included, and nothing else is affected.
 */
public final class LineFile implements AutoCloseable {

    /** Flushes at least this often (the writer's buffer), so few lines wait to be handed over if the disk fails. */
    private static final int FLUSH_CHARS = 8192;

    private final Logger log;
    private final String name;
    private final Consumer<String> unwritten;
    private final int maxPending;
    private final ThreadPoolExecutor writer;
    /** Lines left out since the last one written, for the log; and since the start, for metrics. */
    private final AtomicLong leftOut = new AtomicLong();
    private final AtomicLong leftOutTotal = new AtomicLong();
    /** Writer thread only. */
    private Writer out;
    /** Lines written to {@link #out} since it was last flushed, so a flush that fails loses none of them. */
    private final List<String> unflushed = new ArrayList<>();
    private int unflushedChars;
    private Path openPath;
    private boolean failing;

    /**
     * @param name       what the file is, for the log and the writer thread's name ({@code playlist log})
     * @param log        where to say that the file cannot be written, or is again
     * @param unwritten  takes each line the file could not take, on the writer thread
     * @param maxPending the most lines that may wait for the disk
     */
    public LineFile(String name, Logger log, Consumer<String> unwritten, int maxPending) {
        this.name = name;
        this.log = log;
        this.unwritten = unwritten;
        this.maxPending = maxPending;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(maxPending),
                new DefaultThreadFactory("relaycast-" + name.replace(' ', '-'), true));
    }

    /** Appends {@code line} (without its line break) to {@code file}, soon. Any thread. */
    public void append(Path file, String line) {
        try {
            writer.execute(() -> write(file, line));
        } catch (RejectedExecutionException full) {
            leftOutTotal.incrementAndGet();
            if (leftOut.getAndIncrement() == 0 && !writer.isShutdown()) {
                log.warn("{} {}: the disk is behind by {} lines, lines are left out of it", name, file, maxPending);
            }
        }
    }

    /** Lines left out since the start because the disk was behind. Any thread. */
    public long leftOutLines() {
        return leftOutTotal.get();
    }

    /** Closes the file once the lines before are written, so the next line opens it again by its name. Any thread. */
    public void reopen() {
        try {
            writer.execute(this::closeFile);
        } catch (RejectedExecutionException closed) {
            // Shut down or full: the next line that gets through opens the file anyway if its name changed.
        }
    }

    private void write(Path file, String line) {
        try {
            if (out == null || !Objects.equals(openPath, file)) {
                closeFile();
            }
            unflushed.add(line);
            unflushedChars += line.length() + 1;
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
                openPath = file;
            }
            out.write(line);
            out.write('\n');
            if (writer.getQueue().isEmpty() || unflushedChars >= FLUSH_CHARS) {
                flush();
            }
            long missed = leftOut.getAndSet(0);
            if (missed > 0) {
                log.warn("{} {}: {} lines were left out while the disk was behind", name, file, missed);
            }
        } catch (IOException e) {
            failed(file, e);
        }
    }

    private void flush() throws IOException {
        out.flush();
        unflushed.clear();
        unflushedChars = 0;
        if (failing) {
            failing = false;
            log.info("{} {}: written again", name, openPath);
        }
    }

    /** Gives up the file, and hands every line not known to be on the disk to {@link #unwritten}, in order. */
    private void failed(Path file, IOException e) {
        Writer failedOut = out;
        out = null;
        openPath = null;
        if (failedOut != null) {
            closeQuietly(failedOut, file);
        }
        if (!failing) {
            failing = true;
            log.warn("{} {} cannot be written: {}", name, file, e.toString());
        }
        unflushed.forEach(unwritten);
        unflushed.clear();
        unflushedChars = 0;
    }

    private void closeFile() {
        if (out == null) {
            return;
        }
        Path file = openPath;
        try {
            flush();
        } catch (IOException e) {
            failed(file, e);
            return;
        }
        closeQuietly(out, file);
        out = null;
        openPath = null;
    }

    private void closeQuietly(Writer file, Path path) {
        try {
            file.close();
        } catch (IOException e) {
            log.debug("{} {}: closing it failed: {}", name, path, e.toString());
        }
    }

    /** Writes what is waiting, then closes the file. */
    @Override
    public void close() {
        reopen();
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{} writer did not finish within 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
