package io.relaycast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a listener heard, checked the way its players would: one chain of frames that real decoders take without a word. */
public final class CleanAudio {

    private CleanAudio() {
    }

    /**
     * Asserts that {@code audio} is one chain of at least {@code minFrames} whole MPEG audio frames from its first byte
     * (only its very end may be cut) and that ffmpeg and mpg123 decode them without an error; returns the file in
     * {@code dir} the frames were written to, for further checks.
     */
    public static Path assertDecodesCleanly(Path dir, byte[] audio, int minFrames) throws IOException {
        assertThat(FrameChain.assertChain(audio, true)).as("whole frames heard").isGreaterThanOrEqualTo(minFrames);
        Path received = Files.write(dir.resolve("received-" + System.nanoTime() + ".mp3"), FrameChain.wholeFrames(audio));
        assertThat(Ffmpeg.decodeErrors(received)).as("ffmpeg decode errors").isEmpty();
        assertThat(Mpg123.decodeProblems(received)).as("mpg123 decode problems").isEmpty();
        return received;
    }
}
