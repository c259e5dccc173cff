package io.relaycast.conform;

import io.netty.buffer.ByteBufAllocator;
import io.relaycast.mp3.Mp3FileReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A playlist file read re-encoded to a stream's format: ffmpeg decodes and encodes it far faster than it plays, and
 * its output is read as it comes, a block at a time, so ffmpeg waits (its pipe full) while the track plays. Closing the
 * reader stops ffmpeg.
 */
public final class ReencodedFile {

    private ReencodedFile() {
    }

    /**
     * The frames of {@code file} re-encoded by {@code ffmpeg} (a program on the PATH, or a path) to {@code target}.
     *
     * @throws IOException if ffmpeg cannot be started
     */
    public static Mp3FileReader open(String ffmpeg, Path file, Reencoder.Target target, ByteBufAllocator allocator)
            throws IOException {
        Process process = new ProcessBuilder(Reencoder.command(ffmpeg, List.of("-i", file.toString()), target))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            process.getOutputStream().close();
            return Mp3FileReader.of(new FilterInputStream(process.getInputStream()) {
                @Override
                public void close() throws IOException {
                    process.destroyForcibly();
                    super.close();
                }
            }, allocator);
        } catch (IOException | RuntimeException failed) {
            // Nobody will close a reader that was never returned: ffmpeg would be left running.
            process.destroyForcibly();
            throw failed;
        }
    }
}
