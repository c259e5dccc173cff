package io.relaycast.icy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The now-playing title as ICY (SHOUTcast) in-band metadata: one length byte L, then L*16 bytes of
 * {@code StreamTitle='...';StreamUrl='...';} padded with NULs, at least one: Icecast, relaying the stream with
 * {@code <relay-shoutcast-metadata>}, takes the last byte of every block for its terminating NUL, as its own blocks
 * end with one. Encoded once per title change and shared by every listener; the buffers are unreleasable so a
 * listener write never frees them.
 */
public final class IcyMetadata {

    /** The most text a block can hold: 255 * 16 bytes, less the NUL that ends it. */
    public static final int MAX_PAYLOAD = 255 * 16 - 1;

    /** A block that says "nothing changed". */
    public static final ByteBuf EMPTY_BLOCK = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {0}).asReadOnly());

    private static final IcyMetadata NONE = new IcyMetadata("", "");

    private final String title;
    private final String url;
    private final ByteBuf block;

    private IcyMetadata(String title, String url) {
        this.title = title;
        this.url = url;
        this.block = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(encode(title, url)).asReadOnly());
    }

    public static IcyMetadata none() {
        return NONE;
    }

    public static IcyMetadata of(String title, String url) {
        return new IcyMetadata(title == null ? "" : title, url == null ? "" : url);
    }

    public String title() {
        return title;
    }

    public String url() {
        return url;
    }

    public boolean isEmpty() {
        return title.isEmpty() && url.isEmpty();
    }

    /** A view of the encoded block (length byte included) to write; never needs releasing. */
    public ByteBuf block() {
        return block.duplicate();
    }

    /** Encodes a block, truncating the title (never mid-character) when it would not fit. */
    static byte[] encode(String title, String url) {
        String urlPart = url.isEmpty() ? "" : "StreamUrl='" + printable(url) + "';";
        byte[] suffix = ("';" + urlPart).getBytes(StandardCharsets.UTF_8);
        byte[] prefix = "StreamTitle='".getBytes(StandardCharsets.UTF_8);
        byte[] titleBytes = truncate(printable(title), MAX_PAYLOAD - prefix.length - suffix.length);
        int payload = prefix.length + titleBytes.length + suffix.length;
        if (payload > MAX_PAYLOAD) {
            // Only a huge URL gets here: drop it rather than send an invalid block.
            return encode(title, "");
        }
        int blocks = payload / 16 + 1;
        byte[] out = new byte[1 + blocks * 16];
        out[0] = (byte) blocks;
        System.arraycopy(prefix, 0, out, 1, prefix.length);
        System.arraycopy(titleBytes, 0, out, 1 + prefix.length, titleBytes.length);
        System.arraycopy(suffix, 0, out, 1 + prefix.length + titleBytes.length, suffix.length);
        return out;
    }

    /**
     * The text as Icecast sends it: quotes and backslashes as they are (players read a field up to the first {@code ';}
     * and unescape nothing, so an escaped {@code Guns N\' Roses} would show its backslash), control characters dropped.
     */
    static String printable(String value) {
        StringBuilder kept = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 || c == '\t') {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    private static byte[] truncate(String value, int maxBytes) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return bytes;
        }
        int end = Math.max(0, maxBytes);
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        byte[] cut = new byte[end];
        System.arraycopy(bytes, 0, cut, 0, end);
        return cut;
    }

    @Override
    public String toString() {
        return "IcyMetadata[" + title + "]";
    }
}
