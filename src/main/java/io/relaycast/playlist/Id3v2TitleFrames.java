package io.relaycast.playlist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds the title and artist frames of an ID3v2 tag by walking its frame headers and skipping every other frame's body.
 * Cover art (often hundreds of KiB, up to megabytes) usually sits in front of them: reading whole tags made the first scan
 * of a large library on a NAS take minutes, during which nothing played. At most {@link #READ_LIMIT} bytes are read.
 */
final class Id3v2TitleFrames {

    /** The most bytes of a tag read for its title, frame headers included. */
    static final int READ_LIMIT = 256 << 10;

    private static final int HEADER = 10;
    private static final int PADDING = 16;
    private static final int FLAG_UNSYNCHRONISED = 0x80;
    private static final int FLAG_EXTENDED_OR_COMPRESSED = 0x40;
    /** Frame format flags that change how a body is stored: v2.3 compression, encryption, grouping. */
    private static final int V23_FRAME_ENCODED = 0xE0;
    /** v2.4 grouping, compression, encryption, unsynchronisation, data length indicator. */
    private static final int V24_FRAME_ENCODED = 0x4F;

    private final SeekableByteChannel channel;
    private final int major;
    private final long end;
    private long bytesRead = HEADER;

    private Id3v2TitleFrames(SeekableByteChannel channel, int major, long end) {
        this.channel = channel;
        this.major = major;
        this.end = end;
    }

    /**
     * A tag of the same version holding only the title and artist frames of the tag whose 10-byte {@code header} was
     * read (no frames when it has none), for mp3agic to decode as before; null when the tag is one this walk does not
     * handle (unsynchronised, compressed or encoded frames, malformed), for the caller to fall back on.
     */
    static byte[] compactTag(SeekableByteChannel channel, ByteBuffer header, int size) throws IOException {
        int major = header.get(3);
        int flags = header.get(5) & 0xFF;
        if (major < 2 || major > 4 || (flags & FLAG_UNSYNCHRONISED) != 0
                || major == 2 && (flags & FLAG_EXTENDED_OR_COMPRESSED) != 0) {
            return null;
        }
        Id3v2TitleFrames walk = new Id3v2TitleFrames(channel, major, HEADER + (long) size);
        long first = (flags & FLAG_EXTENDED_OR_COMPRESSED) != 0 ? walk.afterExtendedHeader() : HEADER;
        if (first < 0) {
            return null;
        }
        byte[] frames = walk.titleFrames(first);
        return frames == null ? null : compact(header, frames);
    }

    private long afterExtendedHeader() throws IOException {
        ByteBuffer size = read(HEADER, 4);
        if (size == null) {
            return -1;
        }
        long after = major == 3 ? HEADER + 4 + (size.getInt(0) & 0xFFFFFFFFL) : HEADER + syncsafe(size, 0);
        return after > HEADER && after < end ? after : -1;
    }

    private byte[] titleFrames(long first) throws IOException {
        int headerLength = major == 2 ? 6 : HEADER;
        Set<String> wanted = new HashSet<>(major == 2 ? Set.of("TT2", "TP1") : Set.of("TIT2", "TPE1"));
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        long position = first;
        while (!wanted.isEmpty() && position + headerLength <= end && bytesRead < READ_LIMIT) {
            ByteBuffer frameHeader = read(position, headerLength);
            if (frameHeader == null || frameHeader.get(0) == 0) {
                break;
            }
            String id = frameId(frameHeader);
            long bodyLength = bodyLength(frameHeader);
            long body = position + headerLength;
            if (id == null || bodyLength < 0 || body + bodyLength > end) {
                return null;
            }
            if (wanted.remove(id)) {
                if (encoded(frameHeader) || bytesRead + bodyLength > READ_LIMIT) {
                    return null;
                }
                ByteBuffer content = read(body, (int) bodyLength);
                if (content == null) {
                    break;
                }
                frames.writeBytes(frameHeader.array());
                frames.writeBytes(content.array());
            }
            position = body + bodyLength;
        }
        return frames.toByteArray();
    }

    private String frameId(ByteBuffer frameHeader) {
        int length = major == 2 ? 3 : 4;
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = (char) frameHeader.get(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return null;
            }
            id.append(c);
        }
        return id.toString();
    }

    private long bodyLength(ByteBuffer frameHeader) {
        return switch (major) {
            case 2 -> (frameHeader.get(3) & 0xFF) << 16 | (frameHeader.get(4) & 0xFF) << 8 | frameHeader.get(5) & 0xFF;
            case 3 -> frameHeader.getInt(4) & 0xFFFFFFFFL;
            default -> syncsafe(frameHeader, 4);
        };
    }

    private boolean encoded(ByteBuffer frameHeader) {
        return switch (major) {
            case 2 -> false;
            case 3 -> (frameHeader.get(9) & V23_FRAME_ENCODED) != 0;
            default -> (frameHeader.get(9) & V24_FRAME_ENCODED) != 0;
        };
    }

    /** A 28-bit syncsafe integer, or -1 when a byte has its top bit set (a size not written syncsafe). */
    private static long syncsafe(ByteBuffer buffer, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 4; i++) {
            int b = buffer.get(i) & 0xFF;
            if (b > 0x7F) {
                return -1;
            }
            value = value << 7 | b;
        }
        return value;
    }

    private ByteBuffer read(long position, int length) throws IOException {
        bytesRead += length;
        return TrackTitles.read(channel, position, length);
    }

    private static byte[] compact(ByteBuffer header, byte[] frames) {
        int size = frames.length + PADDING;
        ByteBuffer tag = ByteBuffer.allocate(HEADER + size);
        tag.put(header.array(), 0, 5).put((byte) 0);
        tag.put((byte) (size >> 21 & 0x7F)).put((byte) (size >> 14 & 0x7F)).put((byte) (size >> 7 & 0x7F))
                .put((byte) (size & 0x7F));
        return tag.put(frames).array();
    }
}
