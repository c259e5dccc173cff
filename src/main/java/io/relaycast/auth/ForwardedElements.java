package io.relaycast.auth;

import java.util.List;
import java.util.Locale;

/**
 * RFC 7239's {@code Forwarded} header read into hops: {@code for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"},
 * elements split at commas and pairs at semicolons outside quoted strings, parameter names in any case, quoted values
 * unquoted, empty elements skipped. An element without {@code for} (or with {@code for=unknown}, or an obfuscated
 * {@code for=_hidden}) is a hop that names no address, where a chain of trust ends.
 */
final class ForwardedElements {

    private ForwardedElements() {
    }

    /** Adds the elements of one {@code Forwarded} header line to {@code hops}, in order. */
    static void parse(String line, List<TrustedProxies.Hop> hops) {
        String node = "";
        String proto = null;
        StringBuilder name = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean inValue = false;
        boolean quoted = false;
        boolean written = false;
        for (int i = 0; i <= line.length(); i++) {
            char c = i < line.length() ? line.charAt(i) : ',';
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    value.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    value.append(c);
                }
            } else if (c == '"' && inValue) {
                quoted = true;
                written = true;
            } else if (c == '=' && !inValue) {
                inValue = true;
                written = true;
            } else if (c == ';' || c == ',') {
                String pair = name.toString().strip().toLowerCase(Locale.ROOT);
                if (pair.equals("for")) {
                    node = value.toString().strip();
                } else if (pair.equals("proto")) {
                    proto = value.toString().strip();
                }
                name.setLength(0);
                value.setLength(0);
                inValue = false;
                if (c == ',') {
                    if (written) {
                        hops.add(new TrustedProxies.Hop(node, proto));
                    }
                    node = "";
                    proto = null;
                    written = false;
                }
            } else {
                (inValue ? value : name).append(c);
                written |= !Character.isWhitespace(c);
            }
        }
    }
}
