package io.relaycast.testing;

import io.netty.buffer.ByteBufAllocator;
import io.relaycast.mp3.Mp3FileReader;
import io.relaycast.mp3.Mp3Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real MP3 frames made by ffmpeg/LAME, for tests that send audio by hand. */
public final class TestAudio {

    private TestAudio() {
    }

    /** The frames of a {@code seconds}-long 128 kbit/s tone, each as its own byte array (tags and Info frame left out). */
    public static List<byte[]> toneFrames(Path dir, double seconds) {
        return frames(Ffmpeg.tone(dir.resolve("tone-" + seconds + ".mp3"), seconds, 128, 440));
    }

    /** The audio frames of an MP3 file, each as its own byte array (tags and Info frame left out). */
    public static List<byte[]> frames(Path file) {
        List<byte[]> frames = new ArrayList<>();
        try (Mp3FileReader reader = new Mp3FileReader(file, ByteBufAllocator.DEFAULT)) {
            for (Mp3Frame frame = reader.next(); frame != null; frame = reader.next()) {
                byte[] bytes = new byte[frame.content().readableBytes()];
                frame.content().readBytes(bytes);
                frame.release();
                frames.add(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames;
    }

    public static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
