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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a track's title from its ID3 tags with mp3agic: "Artist - Title", else the title alone, else the file name.
 * Only the tags are read (the ID3v2 block at the start, the 128-byte ID3v1 tag at the end), never the whole file.
 */
final class TrackTitles {

    private static final int ID3V2_HEADER = 10;
    private static final int ID3V1_LENGTH = 128;
    private static final int MAX_TAG = 16 << 20;

    private TrackTitles() {
    }

    static String title(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
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

    private static String fromId3v2(FileChannel channel) throws IOException {
        ByteBuffer header = read(channel, 0, ID3V2_HEADER);
        if (header == null || header.get(0) != 'I' || header.get(1) != 'D' || header.get(2) != '3') {
            return null;
        }
        int size = (header.get(6) & 0x7F) << 21 | (header.get(7) & 0x7F) << 14 | (header.get(8) & 0x7F) << 7
                | (header.get(9) & 0x7F);
        if (size <= 0 || size > MAX_TAG) {
            return null;
        }
        ByteBuffer tag = read(channel, 0, ID3V2_HEADER + size);
        if (tag == null) {
            return null;
        }
        try {
            ID3v2 id3 = ID3v2TagFactory.createTag(tag.array());
            return format(id3.getArtist(), id3.getTitle());
        } catch (NoSuchTagException | UnsupportedTagException | InvalidDataException broken) {
            return null;
        }
    }

    private static String fromId3v1(FileChannel channel) throws IOException {
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

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer;
    }
}
