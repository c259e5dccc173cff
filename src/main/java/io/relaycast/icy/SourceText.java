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
 */
public final class SourceText {

    private SourceText() {
    }

    /** {@code length} bytes of {@code bytes} from {@code offset}, as UTF-8 if they are, else in {@code charset}. */
    public static String utf8Or(byte[] bytes, int offset, int length, Charset charset) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, offset, length, charset);
        }
    }
}
