package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.Programs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Titles from ID3 tags, read without reading the cover art in front of them. */
class TrackTitlesTest {

    private static final int ART = 10 << 20;
    private static final int READ_LIMIT = 256 << 10;
    private static final int ART_BEHIND = 300 << 10;

    @TempDir
    Path dir;

    @Test
    void aTenMebibyteCoverInFrontOfTheTitleIsSkippedNotRead() throws IOException {
        Path file = dir.resolve("art.mp3");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] art = frame3("APIC", new byte[0]);
            ByteBuffer artHeader = ByteBuffer.wrap(art, 0, 10).putInt(4, ART);
            byte[] text = concat(frame3("TIT2", latin1("Title")), frame3("TPE1", latin1("Artist")));
            out.write(ByteBuffer.wrap(header(3, 0, 10 + ART + text.length)));
            out.write(artHeader);
            out.position(10 + 10 + ART);
            out.write(ByteBuffer.wrap(text));
            out.write(ByteBuffer.wrap(new byte[4096]));
        }
        try (CountingChannel channel = new CountingChannel(FileChannel.open(file, StandardOpenOption.READ))) {
            assertThat(TrackTitles.title(channel, file)).isEqualTo("Artist - Title");
            assertThat(channel.bytesRead).isLessThan(READ_LIMIT);
        }
    }

    @Test
    void aVersion24TagWithSyncsafeSizesGivesItsUtf8AndUtf16Texts() throws IOException {
        byte[] frames = concat(frame4("APIC", new byte[ART_BEHIND]), frame4("TIT2", text(3, "Tïtle", StandardCharsets.UTF_8)),
                frame4("TPE1", text(2, "Ärtist", StandardCharsets.UTF_16BE)));
        assertTitleReadCheaply(tag(4, 0, frames), "Ärtist - Tïtle");
    }

    @Test
    void aVersion22TagGivesItsTitleFromThreeLetterFrames() throws IOException {
        byte[] frames = concat(frame2("PIC", new byte[ART_BEHIND]), frame2("TT2", text(1, "Title", StandardCharsets.UTF_16)),
                frame2("TP1", latin1("Artist")));
        assertTitleReadCheaply(tag(2, 0, frames), "Artist - Title");
    }

    @Test
    void aSmallUnsynchronisedTagIsStillReadWhole() throws IOException {
        byte[] frames = concat(frame3("TPE1", latin1("Artist")), frame3("TIT2", latin1("Title")));
        assertTitleReadCheaply(tag(3, 0x80, frames), "Artist - Title");
    }

    @Test
    void aLargeUnsynchronisedTagIsNotReadButNamedByItsFile() throws IOException {
        byte[] frames = concat(frame3("APIC", new byte[ART_BEHIND]), frame3("TIT2", latin1("Title")));
        assertTitleReadCheaply(tag(3, 0x80, frames), "track");
    }

    @Test
    void aTagWithoutTitleLeavesTheId3v1Title() throws IOException {
        byte[] id3v1 = new byte[128];
        System.arraycopy("TAGOld title".getBytes(StandardCharsets.ISO_8859_1), 0, id3v1, 0, 12);
        assertTitleReadCheaply(tag(3, 0, frame3("APIC", new byte[ART_BEHIND])), id3v1, "Old title");
    }

    @Test
    void anFfmpegVersion24TagWithCoverArtGivesItsTitle() {
        Path file = dir.resolve("ffmpeg.mp3");
        Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=duration=0.5", "-f", "lavfi", "-i", "testsrc=size=640x480:duration=0.04", "-map", "0", "-map", "1",
                "-c:a", "libmp3lame", "-c:v", "png", "-disposition:v", "attached_pic", "-metadata", "artist=Ärtist",
                "-metadata", "title=Tïtle", "-id3v2_version", "4", file.toString()).assertSuccess();
        assertThat(TrackTitles.title(file)).isEqualTo("Ärtist - Tïtle");
    }

    private void assertTitleReadCheaply(byte[] tag, String title) throws IOException {
        assertTitleReadCheaply(tag, new byte[0], title);
    }

    private void assertTitleReadCheaply(byte[] tag, byte[] id3v1, String title) throws IOException {
        Path file = Files.write(dir.resolve("track.mp3"), concat(tag, new byte[4096], id3v1));
        try (CountingChannel channel = new CountingChannel(FileChannel.open(file, StandardOpenOption.READ))) {
            assertThat(TrackTitles.title(channel, file)).isEqualTo(title);
            assertThat(channel.bytesRead).isLessThan(READ_LIMIT);
        }
    }

    private static byte[] tag(int major, int flags, byte[] frames) {
        return concat(header(major, flags, frames.length), frames);
    }

    private static byte[] frame4(String id, byte[] body) {
        int n = body.length;
        byte[] size = {(byte) (n >> 21 & 0x7F), (byte) (n >> 14 & 0x7F), (byte) (n >> 7 & 0x7F), (byte) (n & 0x7F)};
        return concat(id.getBytes(StandardCharsets.US_ASCII), size, new byte[2], body);
    }

    private static byte[] frame2(String id, byte[] body) {
        int n = body.length;
        return concat(id.getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) (n >> 16), (byte) (n >> 8), (byte) n}, body);
    }

    private static byte[] text(int encoding, String text, Charset charset) {
        return concat(new byte[] {(byte) encoding}, text.getBytes(charset));
    }

    private static byte[] header(int major, int flags, int size) {
        return new byte[] {'I', 'D', '3', (byte) major, 0, (byte) flags, (byte) (size >> 21 & 0x7F),
            (byte) (size >> 14 & 0x7F), (byte) (size >> 7 & 0x7F), (byte) (size & 0x7F)};
    }

    private static byte[] frame3(String id, byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(10 + body.length);
        frame.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).putShort((short) 0).put(body);
        return frame.array();
    }

    private static byte[] latin1(String text) {
        return concat(new byte[] {0}, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A read-only channel that counts the bytes read through it. */
    private static final class CountingChannel implements SeekableByteChannel {
        private final SeekableByteChannel delegate;
        private long bytesRead;

        CountingChannel(SeekableByteChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = delegate.read(dst);
            bytesRead += Math.max(n, 0);
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
