package io.relaycast.hooks;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountObserver;
import io.relaycast.mount.MountRegistry;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Icecast's {@code <playlistlog>}: one line for every title put on the air on any mount, as Icecast writes it,
 * {@code 04/Dec/2026:14:10:00 +0000|/live|12|Artist - Title} (the time, the mount, its listeners then, the title), so a
 * station can tell what played when and to how many (royalty reports). A title goes on the air when the live source or
 * an admin updates it while live, and when a fallback starts a track or comes back on.
 *
 * <p>Lines are made on the mount's loop and written by one thread of their own, each flushed; the file is the one the
 * config in force names ({@code playlist-log}), opened for appending and created if need be. {@link #reopen} (after a
 * config reload) closes it so the next line opens it again: a log rotated by renaming it starts anew. A file that cannot
 * be written costs its lines, said once in the log until a line gets through again, never the mounts anything.
 */
public final class PlaylistLog implements MountObserver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PlaylistLog.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    /** Lines waiting for the disk; more are left out (and counted) rather than held in memory. */
    static final int MAX_PENDING_LINES = 10_000;

    private final Supplier<Path> file;
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_PENDING_LINES), new DefaultThreadFactory("relaycast-playlist-log", true));
    private final AtomicLong leftOut = new AtomicLong();
    /** Writer thread only. */
    private Writer out;
    private Path openPath;
    private boolean failing;

    /** Logs the titles of every mount, those there are and those made from now on, to {@code file} (null: none) as it is then. */
    public PlaylistLog(Supplier<Path> file, MountRegistry mounts) {
        this.file = file;
        mounts.onMountCreated(mount -> mount.addObserver(this));
        mounts.all().forEach(mount -> mount.addObserver(this));
    }

    @Override
    public void titleShown(Mount mount, IcyMetadata title) {
        Path where = file.get();
        if (where == null) {
            return;
        }
        String line = line(ZonedDateTime.now(), mount.path(), mount.stats().currentListeners(), title.title());
        try {
            writer.execute(() -> write(where, line));
        } catch (RejectedExecutionException full) {
            if (leftOut.getAndIncrement() == 0 && !writer.isShutdown()) {
                log.warn("playlist log {}: the disk is behind by {} lines, titles are left out of it", where,
                        MAX_PENDING_LINES);
            }
        }
    }

    /** Icecast's line: time, mount, listeners, title, separated by {@code |}; a line break in the title becomes a space. */
    static String line(ZonedDateTime time, String mount, long listeners, String title) {
        return TIME.format(time) + "|" + mount + "|" + listeners + "|" + title.replaceAll("[\\r\\n]+", " ");
    }

    /** Closes the file, so the next line opens it again by its name (after a reload: logrotate moved it, or it changed). */
    public void reopen() {
        try {
            writer.execute(this::closeFile);
        } catch (RejectedExecutionException closed) {
            // Shut down or full: the next line that gets through opens the file anyway if its name changed.
        }
    }

    private void write(Path where, String line) {
        try {
            if (out == null || !Objects.equals(openPath, where)) {
                closeFile();
                out = Files.newBufferedWriter(where, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
                openPath = where;
            }
            out.write(line);
            out.write('\n');
            out.flush();
            if (failing) {
                failing = false;
                log.info("playlist log {}: written again", where);
            }
            long missed = leftOut.getAndSet(0);
            if (missed > 0) {
                log.warn("playlist log {}: {} titles were left out while the disk was behind", where, missed);
            }
        } catch (IOException e) {
            closeFile();
            if (!failing) {
                failing = true;
                log.warn("playlist log {} cannot be written, titles are left out of it: {}", where, e.toString());
            }
        }
    }

    private void closeFile() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            log.debug("playlist log {}: closing it failed: {}", openPath, e.toString());
        }
        out = null;
        openPath = null;
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        reopen();
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("playlist log writer did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
