package io.relaycast.hooks;

import io.relaycast.icy.IcyMetadata;
import io.relaycast.logs.LineFile;
import io.relaycast.logs.LinesLeftOut;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountObserver;
import io.relaycast.mount.MountRegistry;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Icecast's {@code <playlistlog>}: one line for every title put on the air on any mount, as Icecast writes it,
 * {@code 04/Dec/2026:14:10:00 +0000|/live|12|Artist - Title} (the time, the mount, its listeners then, the title), so a
 * station can tell what played when and to how many (royalty reports). A title goes on the air when the live source or
 * an admin updates it while live, and when a fallback starts a track or comes back on.
 *
 * <p>Lines are made on the mount's loop and written to the file the config in force names ({@code playlist-log}) as a
 * {@link LineFile}: {@link #reopen} (after a config reload) opens it again, so a log rotated by renaming it starts anew;
 * a file that cannot be written costs its lines, never the mounts anything.
 */
public final class PlaylistLog implements MountObserver, AutoCloseable, LinesLeftOut {

    private static final Logger log = LoggerFactory.getLogger(PlaylistLog.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    /** Lines waiting for the disk; more are left out (and counted) rather than held in memory. */
    static final int MAX_PENDING_LINES = 10_000;

    private final Supplier<Path> file;
    private final LineFile lines = new LineFile("playlist log", log, line -> { }, MAX_PENDING_LINES);

    /** Logs the titles of every mount, those there are and those made from now on, to {@code file} (null: none) as it is then. */
    public PlaylistLog(Supplier<Path> file, MountRegistry mounts) {
        this.file = file;
        mounts.onMountCreated(mount -> mount.addObserver(this));
        mounts.all().forEach(mount -> mount.addObserver(this));
    }

    @Override
    public void titleShown(Mount mount, IcyMetadata title) {
        Path where = file.get();
        if (where != null) {
            lines.append(where, line(ZonedDateTime.now(), mount.path(), mount.stats().currentListeners(), title.title()));
        }
    }

    /** Icecast's line: time, mount, listeners, title, separated by {@code |}; a line break in the title becomes a space. */
    static String line(ZonedDateTime time, String mount, long listeners, String title) {
        return TIME.format(time) + "|" + mount + "|" + listeners + "|" + title.replaceAll("[\\r\\n]+", " ");
    }

    @Override
    public long leftOutLines() {
        return lines.leftOutLines();
    }

    /** Closes the file, so the next line opens it again by its name (after a reload: logrotate moved it, or it changed). */
    public void reopen() {
        lines.reopen();
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        lines.close();
    }
}
