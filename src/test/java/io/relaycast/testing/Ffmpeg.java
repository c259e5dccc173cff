package io.relaycast.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The ffmpeg invocations tests share: make MP3 files, stream a live source, decode what a listener got. */
public final class Ffmpeg {

    private Ffmpeg() {
    }

    /** Writes a sine tone MP3 of {@code seconds} at {@code kbps} (CBR, 44.1 kHz stereo) to {@code file}. */
    public static Path tone(Path file, double seconds, int kbps, int frequency) {
        return tone(file, seconds, kbps, frequency, 2);
    }

    /** Writes a sine tone MP3 of {@code seconds} at {@code kbps} (CBR, 44.1 kHz, {@code channels}) to {@code file}. */
    public static Path tone(Path file, double seconds, int kbps, int frequency, int channels) {
        Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=" + frequency + ":sample_rate=44100:duration=" + seconds, "-ac", String.valueOf(channels),
                "-c:a", "libmp3lame", "-b:a", kbps + "k", file.toString()).assertSuccess();
        return file;
    }

    /**
     * Starts ffmpeg as a live source streaming a tone in real time ({@code -re}) to {@code icecastUrl} for
     * {@code seconds}. Extra arguments go before the URL (e.g. {@code -legacy_icecast 1}).
     */
    public static Programs.Running liveSource(Path logDir, String icecastUrl, double seconds, int frequency, String... extra) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i",
                "sine=frequency=" + frequency + ":sample_rate=44100:duration=" + seconds, "-ac", "2", "-c:a", "libmp3lame",
                "-b:a", "128k", "-content_type", "audio/mpeg", "-f", "mp3"));
        command.addAll(List.of(extra));
        command.add(icecastUrl);
        return Programs.start(logDir, command);
    }

    /** Decodes {@code file} fully; returns ffmpeg's error output (empty when it decoded cleanly). */
    public static String decodeErrors(Path file) {
        Programs.Result result = Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(),
                "-f", "null", "-");
        return result.exitCode() == 0 ? result.stderrText().trim() : "exit " + result.exitCode() + ": " + result.stderrText();
    }
}
