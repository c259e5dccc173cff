package io.relaycast.playlist;

import io.relaycast.icy.SourceText;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a playlist location into tracks: a folder (every {@code .mp3} below it, by path), an {@code .m3u}/{@code .m3u8}
 * list, a {@code .pls} list (relative entries resolve against the list's folder; URLs are not files and are left out),
 * or one {@code .mp3} file, which then plays in a loop. Lists are UTF-8 unless their bytes are not, then windows-1252
 * (Winamp's); {@code file:} URLs are decoded and Windows' {@code \\} separators of relative entries understood. Entries
 * that do not exist stay in the list: they are skipped, logged and counted when their turn comes, like any unplayable
 * file; so do entries that are no regular file (a named pipe, whose open would wait for a writer), never opened here.
 * Titles are read once per file version and cached. Symbolic links in a folder are followed.
 */
final class PlaylistScanner {

    private static final Logger log = LoggerFactory.getLogger(PlaylistScanner.class);
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final String BOM = "\uFEFF";
    /** A music folder, or a folder in it, is often a link to another disk; a link loop fails its visit, left out. */
    private static final Set<FileVisitOption> FOLLOW_LINKS = EnumSet.of(FileVisitOption.FOLLOW_LINKS);

    private final Path location;
    private final Map<Path, CachedTitle> titles = new HashMap<>();
    /** Subfolders (and files) a walk could not read, so each is logged once, not at every rescan. */
    private final Set<Path> unreadable = new HashSet<>();
    /** How the last scan failed, as logged; null when it succeeded. */
    private String failure;

    private record CachedTitle(long modified, long size, String title) {
    }

    PlaylistScanner(Path location) {
        this.location = location;
    }

    Path location() {
        return location;
    }

    /**
     * The tracks the location lists now: none when it does not exist; empty (logged) when it cannot be read, so that a
     * passing failure leaves the list as it was. A failure is logged when it starts or changes, not at every rescan, and the
     * recovery once. A subfolder that cannot be read is left out (logged once).
     */
    Optional<List<Track>> scan() {
        try {
            List<Track> tracks = read();
            if (failure != null) {
                log.info("playlist {} can be read again", location);
                failure = null;
            }
            return Optional.of(tracks);
        } catch (NoSuchFileException missing) {
            failed("playlist " + location + " does not exist");
            return Optional.of(List.of());
        } catch (IOException | RuntimeException unreadable) {
            failed("playlist " + location + " cannot be read, its tracks stay as they were: " + unreadable);
            return Optional.empty();
        }
    }

    /** Logs a failed scan unless the one before failed the same way: rescans run every few seconds, for days. */
    private void failed(String message) {
        if (!message.equals(failure)) {
            log.warn("{}", message);
            failure = message;
        }
    }

    private List<Track> read() throws IOException {
        if (Files.isDirectory(location)) {
            return tracks(folder(), location);
        }
        String name = location.getFileName().toString().toLowerCase(Locale.ROOT);
        Path base = location.toAbsolutePath().getParent();
        if (name.endsWith(".mp3")) {
            // One file, played again and again: Icecast's fallback file, a station's loop.
            return tracks(List.of(location), base);
        }
        List<String> lines = text(Files.readAllBytes(location)).lines().toList();
        List<Path> files = name.endsWith(".pls") ? pls(lines, base) : m3u(lines, base);
        return tracks(files, base);
    }

    private List<Path> folder() throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(location, FOLLOW_LINKS, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp3")) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (file.equals(location)) {
                    throw failure;
                }
                if (unreadable.add(file)) {
                    log.warn("playlist {}: {} cannot be read, left out: {}", location, file, failure.toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    /**
     * A list's text: UTF-8 when its bytes are (m3u8, most lists written today), else windows-1252 (Winamp's lists,
     * .m3u files from Windows), or UTF-16 when it starts with its byte order mark (Windows' "Unicode" lists); a byte order
     * mark is not part of the first entry.
     */
    static String text(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        String text = SourceText.utf8Or(bytes, 0, bytes.length, WINDOWS_1252);
        return text.startsWith(BOM) ? text.substring(BOM.length()) : text;
    }

    static List<Path> m3u(List<String> lines, Path base) {
        List<Path> files = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                addEntry(files, line, base);
            }
        }
        return files;
    }

    static List<Path> pls(List<String> lines, Path base) {
        TreeMap<Integer, String> entries = new TreeMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            int equals = line.indexOf('=');
            if (line.regionMatches(true, 0, "File", 0, 4) && equals > 4) {
                try {
                    entries.put(Integer.parseInt(line.substring(4, equals).trim()), line.substring(equals + 1).trim());
                } catch (NumberFormatException notAnEntry) {
                    log.debug("pls line ignored: {}", line);
                }
            }
        }
        List<Path> files = new ArrayList<>();
        entries.values().forEach(entry -> addEntry(files, entry, base));
        return files;
    }

    private static void addEntry(List<Path> files, String entry, Path base) {
        try {
            if (entry.regionMatches(true, 0, "file:", 0, "file:".length())) {
                files.add(fileUrl(entry));
            } else if (entry.contains("://")) {
                log.debug("playlist entry {} is a URL, not a file: left out", entry);
            } else {
                // Lists written on Windows separate folders with '\\'.
                String path = entry.startsWith("/") ? entry : entry.replace('\\', '/');
                files.add(base.resolve(path).normalize());
            }
        } catch (InvalidPathException notAPath) {
            // A NUL byte, say: that entry is left out, not the whole list.
            log.debug("playlist entry {} is no valid path: left out", entry);
        }
    }

    /** The file a {@code file:} URL names, percent-decoded; one that is no valid URI (a raw space) is taken as written. */
    private static Path fileUrl(String entry) {
        try {
            return Path.of(URI.create(entry)).normalize();
        } catch (IllegalArgumentException | FileSystemNotFoundException notAUri) {
            return Path.of(entry.replaceFirst("(?i)^file://", "")).normalize();
        }
    }

    private List<Track> tracks(List<Path> files, Path base) {
        List<Track> tracks = new ArrayList<>(files.size());
        Map<String, Integer> seen = new HashMap<>();
        Map<Path, CachedTitle> stillThere = new HashMap<>();
        for (Path file : files) {
            String relative = file.startsWith(base) ? base.relativize(file).toString() : file.toString();
            int occurrence = seen.merge(relative, 1, Integer::sum);
            String id = occurrence == 1 ? relative : relative + "#" + occurrence;
            tracks.add(new Track(id, file, title(file, stillThere)));
        }
        titles.clear();
        titles.putAll(stillThere);
        return List.copyOf(tracks);
    }

    private String title(Path file, Map<Path, CachedTitle> stillThere) {
        long modified;
        long size;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                // A named pipe's open waits for a writer: it would hold up this thread, shared by every playlist.
                return TrackTitles.fileTitle(file);
            }
            modified = attributes.lastModifiedTime().toMillis();
            size = attributes.size();
        } catch (IOException missing) {
            return TrackTitles.fileTitle(file);
        }
        CachedTitle cached = titles.get(file);
        if (cached == null || cached.modified() != modified || cached.size() != size) {
            cached = new CachedTitle(modified, size, TrackTitles.title(file));
        }
        stillThere.put(file, cached);
        return cached.title();
    }
}
