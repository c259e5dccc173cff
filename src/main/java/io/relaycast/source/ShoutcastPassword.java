package io.relaycast.source;

import io.relaycast.http.Credentials;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a SHOUTcast source sends as its password, in the forms encoders write it: the password alone (SHOUTcast v1),
 * {@code password:#1} (SHOUTcast 2's stream id: butt in SHOUTcast 2 mode, liquidsoap with {@code icy_id}) and
 * {@code user:password} (liquidsoap with {@code user} set). There is one SHOUTcast mount, so stream 1 only. The
 * password alone is tried first: a password may hold a colon.
 */
public final class ShoutcastPassword {

    private static final String FIRST_STREAM = ":#1";

    private ShoutcastPassword() {
    }

    /** The first reading of {@code sent} that {@code accepted} takes, else the most parsed one (for a web backend). */
    public static Credentials credentials(String sent, String sourceUser, Predicate<Credentials> accepted) {
        List<Credentials> readings = readings(sent, sourceUser);
        return readings.stream().filter(accepted).findFirst().orElse(readings.get(readings.size() - 1));
    }

    static List<Credentials> readings(String sent, String sourceUser) {
        Credentials literal = new Credentials(sourceUser, sent);
        String password = sent.endsWith(FIRST_STREAM) ? sent.substring(0, sent.length() - FIRST_STREAM.length()) : sent;
        int colon = password.indexOf(':');
        if (colon > 0) {
            Credentials named = new Credentials(password.substring(0, colon), password.substring(colon + 1));
            return password.equals(sent) ? List.of(literal, named)
                    : List.of(literal, new Credentials(sourceUser, password), named);
        }
        return password.equals(sent) ? List.of(literal) : List.of(literal, new Credentials(sourceUser, password));
    }
}
