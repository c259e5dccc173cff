package io.relaycast.auth;

import io.relaycast.http.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners a mount lets in, from a file in Icecast's htpasswd format ({@code <authentication type="htpasswd">}):
 * one {@code user:md5-of-the-password-in-hex} per line, {@code #} comments and blank lines ignored, so an Icecast
 * station's file works as it is. Read again when it changes (looked at once a second at most), so users are added and
 * removed without a restart; a file that is missing or unreadable lets nobody in, and says so in the log.
 */
public final class ListenerUsers {

    private static final Logger log = LoggerFactory.getLogger(ListenerUsers.class);

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
