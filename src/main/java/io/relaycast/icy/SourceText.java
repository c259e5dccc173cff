package io.relaycast.icy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text a source sends without saying its charset (titles, station names, an origin's in-stream titles): UTF-8 when its
 * bytes are (what ffmpeg, butt and liquidsoap send), else the mount's charset. Text in a single-byte charset is almost
 * never valid UTF-8 unless it is ASCII.
 *
 * <p>ISO-8859-1 is read as windows-1252, as browsers do (the WHATWG encoding standard): the encoders that say or are
 * assumed to write ISO-8859-1 (SAM Broadcaster, RadioDJ, Winamp's DSP) write windows-1252, whose bytes 0x80-0x9F are
 * curly quotes, dashes and the euro sign, where ISO-8859-1 has invisible control characters.
 */
public final class SourceText {

    private static final char[] WINDOWS_1252_HIGH_CONTROLS = windows1252HighControls();

    private SourceText() {
    }

    /** {@code length} bytes of {@code bytes} from {@code offset}, as UTF-8 if they are, else in {@code charset}. */
    public static String utf8Or(byte[] bytes, int offset, int length, Charset charset) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException notUtf8) {
            return decode(bytes, offset, length, charset);
        }
    }

    /** {@code length} bytes of {@code bytes} from {@code offset} in {@code charset}, ISO-8859-1 read as windows-1252. */
    public static String decode(byte[] bytes, int offset, int length, Charset charset) {
        if (!charset.equals(StandardCharsets.ISO_8859_1)) {
            return new String(bytes, offset, length, charset);
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            int value = bytes[offset + i] & 0xFF;
            chars[i] = value >= 0x80 && value < 0xA0 ? WINDOWS_1252_HIGH_CONTROLS[value - 0x80] : (char) value;
        }
        return new String(chars);
    }

    /** Bytes 0x80-0x9F in windows-1252; the five it leaves undefined stay what they are in ISO-8859-1, as in WHATWG's. */
    private static char[] windows1252HighControls() {
        byte[] bytes = new byte[0x20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0x80 + i);
        }
        char[] chars = new String(bytes, Charset.forName("windows-1252")).toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '\uFFFD') {
                chars[i] = (char) (0x80 + i);
            }
        }
        return chars;
    }
}
