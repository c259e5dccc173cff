package io.relaycast.auth;

import io.relaycast.icy.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small text file an operator edits while the server runs (listener users, address lists): parsed again when its
 * modification time, size or file (a new one renamed into its place) changes, looked at once a second at most, so edits
 * apply without a restart. A file that cannot be read counts as {@code whenUnreadable}, and the log says so once until it
 * can be read again.
 *
 * <p>It is looked at on the event loops that accept connections, so {@link #current()} takes no lock: it reads the
 * last meaning, and a changed file is read again on a thread of its own (one reading at a time), keeping the last good
 * meaning meanwhile: fail2ban appending to a 100,000-line deny list holds up no accept. The first reading, at the first
 * look, and {@link #reread()} are done on the calling thread.
 *
 * @param <T> what the file's lines mean
 */
final class WatchedFile<T> {

    private static final Logger log = LoggerFactory.getLogger(WatchedFile.class);
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path file;
    private final String what;
    private final Function<List<String>, T> parse;
    private final Function<T, String> summary;
    private final T whenUnreadable;
    private final String unreadableMeans;
    private final Executor rereader;
    private final AtomicBoolean rereading = new AtomicBoolean();
    private volatile T current;
    private volatile Stamp readAt;
    private volatile long checkedAt;
    private volatile boolean checkedOnce;
    private boolean unreadableReported;

    /**
     * @param what            what the file is, for the log ("listener users")
     * @param summary         what the log says after a reading ("3 users")
     * @param unreadableMeans what the log says an unreadable file means ("nobody may listen until it can")
     */
    WatchedFile(Path file, String what, Function<List<String>, T> parse, Function<T, String> summary, T whenUnreadable,
                String unreadableMeans) {
        this(file, what, parse, summary, whenUnreadable, unreadableMeans, task -> {
            Thread thread = new Thread(task, "relaycast-reread " + file.getFileName());
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** As above, reading a changed file again on {@code rereader}. */
    WatchedFile(Path file, String what, Function<List<String>, T> parse, Function<T, String> summary, T whenUnreadable,
                String unreadableMeans, Executor rereader) {
        this.rereader = rereader;
        this.file = file;
        this.what = what;
        this.parse = parse;
        this.summary = summary;
        this.whenUnreadable = whenUnreadable;
        this.unreadableMeans = unreadableMeans;
        this.current = whenUnreadable;
    }

    Path file() {
        return file;
    }

    /**
     * The file's meaning as of its last reading, without waiting for a lock or a reading: a change seen here (once a
     * second at most) is read on the rereader, and shows once read.
     */
    T current() {
        if (!checkedOnce) {
            recheck(false);
            return current;
        }
        long time = System.nanoTime();
        if (time - checkedAt >= RECHECK_NANOS && rereading.compareAndSet(false, true)) {
            checkedAt = time;
            if (changed()) {
                rereader.execute(this::rereadInBackground);
            } else {
                rereading.set(false);
            }
        }
        return current;
    }

    /** Whether the file is not the one last read (or cannot be looked at): a look, not a reading. */
    private boolean changed() {
        try {
            return !Stamp.of(file).equals(readAt);
        } catch (IOException unreadable) {
            return readAt != null;
        }
    }

    private void rereadInBackground() {
        try {
            read(false);
        } finally {
            rereading.set(false);
        }
    }

    /** Reads the file now, whatever its time says: the server itself has just written it. */
    void reread() {
        recheck(true);
    }

    /**
     * The lines of {@code file}: UTF-8 when its bytes are, else windows-1252 (what an editor saving Latin-1 leaves), so
     * that one accented comment never makes a whole file unreadable.
     */
    static List<String> lines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return SourceText.utf8Or(bytes, 0, bytes.length, StandardCharsets.ISO_8859_1).lines().toList();
    }

    private synchronized void recheck(boolean now) {
        long time = System.nanoTime();
        if (!now && checkedOnce && time - checkedAt < RECHECK_NANOS) {
            return;
        }
        checkedAt = time;
        read(now);
        checkedOnce = true;
    }

    /** Reads the file if it changed since the last reading, or whatever its stamp says when {@code now}. */
    private synchronized void read(boolean now) {
        try {
            Stamp modified = Stamp.of(file);
            if (!now && modified.equals(readAt)) {
                return;
            }
            current = parse.apply(lines(file));
            readAt = modified;
            unreadableReported = false;
            log.info("{} {}: {}", what, file, summary.apply(current));
        } catch (IOException unreadable) {
            if (!unreadableReported) {
                log.warn("{} {} cannot be read ({}): {}", what, file, unreadable.toString(), unreadableMeans);
                unreadableReported = true;
            }
            current = whenUnreadable;
            readAt = null;
        }
    }

    /**
     * What tells one version of the file from the next: its time alone does not when two writes fall in one tick of the
     * file system's clock (another mount's manageauth writing the shared file just after this one's own write).
     */
    private record Stamp(FileTime modified, Object fileKey, long size) {

        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.fileKey(), attributes.size());
        }
    }
}
