package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Recognises the metadata tags found between MPEG audio frames: ID3v2, ID3v1 and APE (v1 and v2).
 *
 * <p>APE tags are written either with a 32-byte header before their items and a footer after them, or (APEv1 and
 * many APEv2 writers) with the footer only. A header-first tag is skipped whole. A footer-only tag cannot be
 * measured from its start, so {@link #startsAt} also recognises the shape of its first item (value size, flags,
 * printable key, NUL), which lets the frame before it count as properly ended; the scanner then drops the items as
 * junk and skips the footer as the tag.
 */
public final class Tags {

    public static final long NEED_MORE = -1;
    public static final long NONE = 0;

    static final int NO = 0;
    static final int YES = 1;
    static final int MAYBE = 2;

    private static final byte[] ID3V2 = "ID3".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID3V1 = "TAG".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] APE = "APETAGEX".getBytes(StandardCharsets.US_ASCII);
    private static final int ID3V2_HEADER = 10;
    private static final int ID3V1_LENGTH = 128;
    private static final int APE_STRUCT = 32;
    private static final int APE_IS_HEADER = 1 << 29;
    private static final int APE_MAX_SIZE = 64 << 20;
    private static final int APE_ITEM_MAX_VALUE = 16 << 20;
    private static final int APE_KEY_MAX = 255;

    private static final int MISMATCH = -1;
    private static final int PARTIAL = 0;
    private static final int FULL = 1;

    private Tags() {
    }

    /**
     * Length in bytes of the tag starting at {@code pos}: the whole tag for ID3v2, ID3v1 and a header-first APE
     * tag, the 32-byte footer for an APE footer.
     *
     * @return the length, {@link #NONE} if no tag starts there, {@link #NEED_MORE} if more bytes are needed to tell
     */
    static long length(ByteBuf in, int pos) {
        long id3v2 = id3v2Length(in, pos);
        if (id3v2 != NONE) {
            return id3v2;
        }
        int v1 = matchPrefix(in, pos, ID3V1);
        if (v1 == FULL) {
            return ID3V1_LENGTH;
        }
        long ape = apeLength(in, pos);
        if (ape != NONE) {
            return ape;
        }
        return v1 == PARTIAL ? NEED_MORE : NONE;
    }

    /**
     * Whether a tag, or the first item of a footer-only APE tag, starts at {@code pos}.
     *
     * @return {@link #YES}, {@link #NO}, or {@link #MAYBE} when more bytes are needed to tell
     */
    static int startsAt(ByteBuf in, int pos) {
        long length = length(in, pos);
        if (length > 0) {
            return YES;
        }
        int item = apeItemAt(in, pos);
        return length == NEED_MORE && item == NO ? MAYBE : item;
    }

    /**
     * Length in bytes of the ID3v2 tag starting at {@code pos}, for whoever looks past a file's tag at what it holds.
     *
     * @return the length, {@link #NONE} if no such tag starts there, {@link #NEED_MORE} if more bytes are needed to tell
     */
    public static long id3v2Length(ByteBuf in, int pos) {
        int match = matchPrefix(in, pos, ID3V2);
        if (match != FULL) {
            return match == PARTIAL ? NEED_MORE : NONE;
        }
        if (in.writerIndex() - pos < ID3V2_HEADER) {
            return NEED_MORE;
        }
        int major = in.getUnsignedByte(pos + 3);
        int revision = in.getUnsignedByte(pos + 4);
        int flags = in.getUnsignedByte(pos + 5);
        int sizeBytes = in.getInt(pos + 6);
        if (major < 2 || major > 4 || revision == 0xFF || (flags & 0x0F) != 0 || (sizeBytes & 0x80808080) != 0) {
            return NONE;
        }
        int size = (sizeBytes >>> 24 & 0x7F) << 21 | (sizeBytes >>> 16 & 0x7F) << 14 | (sizeBytes >>> 8 & 0x7F) << 7
            | (sizeBytes & 0x7F);
        int body = id3v2BodyStart(in, pos + ID3V2_HEADER, major, flags, size);
        if (body != YES) {
            return body == MAYBE ? NEED_MORE : NONE;
        }
        boolean footer = major == 4 && (flags & 0x10) != 0;
        return ID3V2_HEADER + (long) size + (footer ? ID3V2_HEADER : 0);
    }

    /**
     * Whether an ID3v2 tag's body starts as one does: with its extended header, a frame ID (3 or 4 of A-Z, 0-9) or
     * padding. A header that happens to read "ID3" (a broken encoder, garbage) may claim up to 256 MB, and taking it for
     * a tag would skip that much of the audio behind it: hours of silence for every listener.
     */
    private static int id3v2BodyStart(ByteBuf in, int pos, int major, int flags, int size) {
        boolean extended = major > 2 && (flags & 0x40) != 0;
        if (extended && size < Integer.BYTES) {
            // No room for the extended header's size, let alone the header: not a tag.
            return NO;
        }
        int needed = Math.min(major == 2 ? 3 : 4, size);
        if (in.writerIndex() - pos < needed) {
            return MAYBE;
        }
        if (extended) {
            int extendedSize = in.getInt(pos);
            // v2.3 gives the extended header's size as 6 or 10; v2.4 as a syncsafe integer.
            return (major == 3 ? extendedSize == 6 || extendedSize == 10 : (extendedSize & 0x80808080) == 0) ? YES : NO;
        }
        boolean padding = true;
        boolean frameId = true;
        for (int i = 0; i < needed; i++) {
            byte b = in.getByte(pos + i);
            padding &= b == 0;
            frameId &= b >= 'A' && b <= 'Z' || b >= '0' && b <= '9';
        }
        return padding || frameId ? YES : NO;
    }

    private static long apeLength(ByteBuf in, int pos) {
        int match = matchPrefix(in, pos, APE);
        if (match != FULL) {
            return match == PARTIAL ? NEED_MORE : NONE;
        }
        if (in.writerIndex() - pos < APE_STRUCT) {
            return NEED_MORE;
        }
        int version = in.getIntLE(pos + 8);
        long size = in.getUnsignedIntLE(pos + 12);
        int flags = in.getIntLE(pos + 20);
        long reserved = in.getLong(pos + 24);
        if (version != 1000 && version != 2000 || reserved != 0 || size < APE_STRUCT || size > APE_MAX_SIZE) {
            return NONE;
        }
        // The size field counts the items and the footer, never the header.
        return (flags & APE_IS_HEADER) != 0 ? APE_STRUCT + size : APE_STRUCT;
    }

    /** Recognises an APEv2 item: 32-bit LE value size, 32-bit LE flags, 2..255 printable ASCII key, NUL. */
    private static int apeItemAt(ByteBuf in, int pos) {
        int keyStart = pos + 8;
        if (in.writerIndex() < keyStart) {
            return MAYBE;
        }
        long valueSize = in.getUnsignedIntLE(pos);
        int flags = in.getIntLE(pos + 4);
        if (valueSize > APE_ITEM_MAX_VALUE || (flags & ~0x7) != 0) {
            return NO;
        }
        for (int i = 0; i <= APE_KEY_MAX; i++) {
            if (keyStart + i >= in.writerIndex()) {
                return MAYBE;
            }
            byte b = in.getByte(keyStart + i);
            if (b == 0) {
                return i >= 2 ? YES : NO;
            }
            if (b < 0x20 || b > 0x7E) {
                return NO;
            }
        }
        return NO;
    }

    private static int matchPrefix(ByteBuf in, int pos, byte[] signature) {
        int n = Math.min(in.writerIndex() - pos, signature.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(pos + i) != signature[i]) {
                return MISMATCH;
            }
        }
        return n == signature.length ? FULL : PARTIAL;
    }
}
