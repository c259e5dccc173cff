package io.relaycast.playlist;

import com.mpatric.mp3agic.ID3v1Tag;
import com.mpatric.mp3agic.ID3v2;
import com.mpatric.mp3agic.ID3v2TagFactory;
import com.mpatric.mp3agic.InvalidDataException;
import com.mpatric.mp3agic.NoSuchTagException;
import com.mpatric.mp3agic.UnsupportedTagException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a track's title from its ID3 tags with mp3agic: "Artist - Title", else the title alone, else the file name.
 * Only the tags are read (the ID3v2 block at the start, the 128-byte ID3v1 tag at the end), never the whole file, and
 * of the ID3v2 tag only its title and artist frames ({@link Id3v2TitleFrames}): cover art is skipped, not read.
 */
final class TrackTitles {

    private static final int ID3V2_HEADER = 10;
    private static final int ID3V1_LENGTH = 128;

    private TrackTitles() {
    }

    static String title(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return title(channel, file);
        } catch (IOException | RuntimeException unreadable) {
            return fileTitle(file);
        }
    }

    /** The title of {@code file}, its tags read through {@code channel}. */
    static String title(SeekableByteChannel channel, Path file) {
        try {
            String tagged = fromId3v2(channel);
            if (tagged == null) {
                tagged = fromId3v1(channel);
            }
            return tagged != null ? tagged : fileTitle(file);
        } catch (IOException | RuntimeException unreadable) {
            return fileTitle(file);
        }
    }

    static String fileTitle(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String format(String artist, String title) {
        String a = artist == null ? "" : artist.trim();
        String t = title == null ? "" : title.trim();
        if (t.isEmpty()) {
            return null;
        }
        return a.isEmpty() ? t : a + " - " + t;
    }

    private static String fromId3v2(SeekableByteChannel channel) throws IOException {
        ByteBuffer header = read(channel, 0, ID3V2_HEADER);
        if (header == null || header.get(0) != 'I' || header.get(1) != 'D' || header.get(2) != '3') {
            return null;
        }
        int size = (header.get(6) & 0x7F) << 21 | (header.get(7) & 0x7F) << 14 | (header.get(8) & 0x7F) << 7
                | (header.get(9) & 0x7F);
        if (size <= 0) {
            return null;
        }
        byte[] tag = Id3v2TitleFrames.compactTag(channel, header, size);
        if (tag == null) {
            tag = wholeTag(channel, size);
        }
        if (tag == null) {
            return null;
        }
        try {
            ID3v2 id3 = ID3v2TagFactory.createTag(tag);
            return format(id3.getArtist(), id3.getTitle());
        } catch (NoSuchTagException | UnsupportedTagException | InvalidDataException broken) {
            return null;
        }
    }

    /** A tag the frame walk does not handle, read whole if it is small: else its title is not looked for. */
    private static byte[] wholeTag(SeekableByteChannel channel, int size) throws IOException {
        if (ID3V2_HEADER + size > Id3v2TitleFrames.READ_LIMIT) {
            return null;
        }
        ByteBuffer tag = read(channel, 0, ID3V2_HEADER + size);
        return tag == null ? null : tag.array();
    }

    private static String fromId3v1(SeekableByteChannel channel) throws IOException {
        long size = channel.size();
        if (size < ID3V1_LENGTH) {
            return null;
        }
        ByteBuffer tag = read(channel, size - ID3V1_LENGTH, ID3V1_LENGTH);
        try {
            ID3v1Tag id3 = new ID3v1Tag(tag.array());
            return format(id3.getArtist(), id3.getTitle());
        } catch (NoSuchTagException none) {
            return null;
        }
    }

    static ByteBuffer read(SeekableByteChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return null;
            }
        }
        return buffer;
    }
}
