package io.relaycast.playlist;

import io.relaycast.testing.Programs;
import java.nio.file.Path;
import java.time.Duration;

/** MP3 files for playlist tests, made by ffmpeg with ID3 titles. */
public final class TestTracks {

    private TestTracks() {
    }

    /** A tone of {@code seconds} (44.1 kHz stereo, VBR when {@code kbps} is 0) tagged with artist and title. */
    public static Path tagged(Path file, double seconds, int kbps, int hz, String artist, String title) {
        return tagged(file, seconds, kbps, hz, 2, artist, title);
    }

    /** A tone of {@code seconds} in {@code channels} (1: mono, 2: stereo), 44.1 kHz, tagged with artist and title. */
    public static Path tagged(Path file, double seconds, int kbps, int hz, int channels, String artist, String title) {
        return tagged(file, seconds, kbps, hz, channels, 44_100, artist, title);
    }

    /** A tone of {@code seconds} in {@code channels} at {@code sampleRate}, tagged with artist and title. */
    public static Path tagged(Path file, double seconds, int kbps, int hz, int channels, int sampleRate, String artist,
                              String title) {
        Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=" + hz + ":sample_rate=" + sampleRate + ":duration=" + seconds,
                "-ac", Integer.toString(channels), "-c:a", "libmp3lame",
                kbps == 0 ? "-q:a" : "-b:a", kbps == 0 ? "4" : kbps + "k", "-metadata", "artist=" + artist,
                "-metadata", "title=" + title, "-id3v2_version", "3", file.toString()).assertSuccess();
        return file;
    }
}
