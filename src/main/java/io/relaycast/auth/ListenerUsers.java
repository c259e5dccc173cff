package io.relaycast.auth;

import io.relaycast.http.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners a mount lets in, from a file in Icecast's htpasswd format ({@code <authentication type="htpasswd">}):
 * one {@code user:md5-of-the-password-in-hex} per line, {@code #} comments and blank lines ignored, so an Icecast
 * station's file works as it is. Read again when it changes (looked at once a second at most), so users are added and
 * removed without a restart; a file that is missing or unreadable lets nobody in, and says so in the log. The admin may
 * also add and delete users ({@code /admin/manageauth}, as in Icecast): the file is rewritten in one move, its comments
 * kept, and read again at once.
 */
public final class ListenerUsers {

    private static final Logger log = LoggerFactory.getLogger(ListenerUsers.class);
    /**
     * One lock per file, not per object: mounts sharing a file (and the objects of an earlier config, still answering a
     * manageauth during a reload) each have their own, and each rewrites the whole file, so one change would undo
     * another. As many as the files configured since the start.
     */
    private static final Map<Path, Object> FILE_LOCKS = new ConcurrentHashMap<>();

    private final WatchedFile<Map<String, byte[]>> users;

    public ListenerUsers(Path file) {
        this.users = new WatchedFile<>(file, "listener users", this::parse, parsed -> parsed.size() + " users", Map.of(),
                "nobody may listen until it can");
    }

    public Path file() {
        return users.file();
    }

    /** Whether {@code credentials} name a user of the file with the right password. */
    public boolean accepts(Optional<Credentials> credentials) {
        Map<String, byte[]> known = users.current();
        if (credentials.isEmpty()) {
            return false;
        }
        byte[] expected = known.get(credentials.get().user());
        byte[] given = md5Hex(credentials.get().password());
        // Compared even for an unknown user, so timing does not tell which users exist.
        return MessageDigest.isEqual(expected == null ? new byte[given.length] : expected, given) & expected != null;
    }

    /** The users the file names, sorted. */
    public List<String> names() {
        return users.current().keySet().stream().sorted().toList();
    }

    /**
     * Adds {@code user} with {@code password} to the file; false if the file already names that user (whose password
     * stays as it is).
     *
     * @throws IllegalArgumentException for a name the file cannot hold (empty, starting with '#', which makes the line a
     *                                  comment, or with ':' or a line break) or a password with a line break
     * @throws IOException              if the file cannot be read or written
     */
    public boolean add(String user, String password) throws IOException {
        if (user.isBlank() || user.startsWith("#") || user.indexOf(':') >= 0 || user.strip().length() != user.length()
                || hasLineBreak(user)) {
            throw new IllegalArgumentException("a user name must be non-empty, without ':', line breaks, spaces "
                    + "around it or a '#' to start it");
        }
        if (hasLineBreak(password)) {
            throw new IllegalArgumentException("a password must not hold a line break");
        }
        synchronized (fileLock()) {
            List<String> lines = lines();
            if (lines.stream().anyMatch(line -> user.equals(userOf(line)))) {
                return false;
            }
            lines.add(user + ":" + hash(password));
            write(lines);
            return true;
        }
    }

    /** Deletes {@code user} from the file; false if the file does not name that user. */
    public boolean delete(String user) throws IOException {
        synchronized (fileLock()) {
            List<String> lines = lines();
            boolean removed = lines.removeIf(line -> user.equals(userOf(line)));
            if (removed) {
                write(lines);
            }
            return removed;
        }
    }

    private Object fileLock() {
        return FILE_LOCKS.computeIfAbsent(users.file().toAbsolutePath().normalize(), file -> new Object());
    }

    private List<String> lines() throws IOException {
        try {
            return new ArrayList<>(WatchedFile.lines(users.file()));
        } catch (NoSuchFileException missing) {
            return new ArrayList<>();
        }
    }

    /** The whole file at once: a reader (this server, or Icecast sharing the file) never sees half of it. */
    private void write(List<String> lines) throws IOException {
        Path file = users.file().toAbsolutePath();
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
        try {
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            keepPermissions(file, temporary);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notHere) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        users.reread();
    }

    /** The new file may be read by whoever could read the old one (a temporary file is the owner's only). */
    private static void keepPermissions(Path file, Path replacement) throws IOException {
        try {
            Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(file));
        } catch (NoSuchFileException | UnsupportedOperationException nothingToKeep) {
            // A new file, or a file system without POSIX permissions: the defaults will do.
        }
    }

    /** The user a line names, or null for a comment, a blank line or a line without ':'. */
    private static String userOf(String line) {
        int colon = line.lastIndexOf(':');
        return line.isBlank() || line.startsWith("#") || colon < 0 ? null : line.substring(0, colon);
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }

    /** The hash the file holds for {@code password}: MD5, lower-case hex, as Icecast writes it. */
    public static String hash(String password) {
        return new String(md5Hex(password), StandardCharsets.US_ASCII);
    }

    private Map<String, byte[]> parse(List<String> lines) {
        Map<String, byte[]> parsed = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.lastIndexOf(':');
            if (colon < 0) {
                log.warn("listener users {}, line {}: no ':' between user and password hash; skipped", users.file(), i + 1);
                continue;
            }
            parsed.put(line.substring(0, colon), line.substring(colon + 1).trim().toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return Map.copyOf(parsed);
    }

    private static byte[] md5Hex(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("every Java runtime has MD5", missing);
        }
    }
}
