package io.relaycast.admin;

/** Escaping for the XML the admin interface writes, and for the Icecast HTML pages. */
public final class Xml {

    private Xml() {
    }

    public static String escape(String text) {
        return escape(text, true);
    }

    /**
     * Text content as libxslt writes it (Icecast's HTML pages): quotes and apostrophes left as they are, since scripts
     * decoding with HTML 4's entities (PHP's default before 8.1) know no {@code &apos;}.
     */
    public static String escapeText(String text) {
        return escape(text, false);
    }

    private static String escape(String text, boolean quotes) {
        if (isPlain(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append(quotes ? "&quot;" : "\"");
                case '\'' -> out.append(quotes ? "&apos;" : "'");
                default -> {
                    if (isXmlChar(text, i)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Nothing to escape or drop: the usual case (addresses, numbers, most user agents). */
    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || !isXmlChar(text, i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the char at {@code i} may stand in an XML 1.0 document: not a control character other than tab, CR and
     * LF, not U+FFFE or U+FFFF, and a surrogate only as half of a pair. Any of those would make the reply ill-formed.
     */
    private static boolean isXmlChar(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        }
        return c != 0xFFFE && c != 0xFFFF;
    }
}
