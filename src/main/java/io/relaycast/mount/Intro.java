package io.relaycast.mount;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3FileReader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.StereoUpmix;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A mount's intro (Icecast's {@code <intro>}): an MP3 file every new listener hears before it joins the stream, read
 * once through the same frame synchroniser as any source, so it holds whole frames only (tags and Info frames left
 * out). One shared buffer; listeners send views of it, never copies. A mono intro is also kept as joint stereo (see
 * {@link StereoUpmix}), for the listeners of a stereo stream: some players cannot follow a stream that turns from mono
 * to stereo.
 *
 * @param audio         the intro's frames, back to back; owned by the mount, which releases it when it closes
 * @param stereoAudio   the same frames with the mono ones as joint stereo; null when the intro has no mono frame
 * @param format        the first frame's format, for the log (an intro should match the stream's)
 * @param frames        how many frames it holds
 * @param durationNanos how long it plays
 */
public record Intro(ByteBuf audio, ByteBuf stereoAudio, FrameHeader format, int frames, long durationNanos) {

    /** The most audio an intro may hold: a minute is long for an intro; this stops a mistaken path to an hour-long file. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    /**
     * Reads {@code file}. An unreadable file, one without a single MP3 frame or one over {@link #MAX_BYTES} is an
     * {@link IllegalArgumentException} that says which and why.
     */
    public static Intro load(Path file, ByteBufAllocator allocator) {
        return load(file, () -> new Mp3FileReader(file, allocator), allocator);
    }

    /** Reads the intro {@code file} through what {@code opener} opens (the file re-encoded, say), as the above. */
    public static Intro load(Path file, Opener opener, ByteBufAllocator allocator) {
        ByteBuf audio = allocator.directBuffer();
        ByteBuf stereo = allocator.directBuffer();
        StereoUpmix upmix = new StereoUpmix();
        boolean mono = false;
        FrameHeader format = null;
        int frames = 0;
        long durationNanos = 0;
        try (Mp3FileReader reader = opener.open()) {
            Mp3Frame frame;
            while ((frame = reader.next()) != null) {
                try {
                    if (audio.readableBytes() + frame.content().readableBytes() > MAX_BYTES) {
                        throw new IllegalArgumentException("intro " + file + " holds more than " + MAX_BYTES / (1024 * 1024)
                                + " MiB of audio; an intro should be seconds long");
                    }
                    if (format == null) {
                        format = frame.header();
                    }
                    audio.writeBytes(frame.content(), frame.content().readerIndex(), frame.content().readableBytes());
                    mono |= frame.header().channels() == 1;
                    Mp3Frame asStereo = upmix.next(frame.retainedDuplicate(), true);
                    stereo.writeBytes(asStereo.content(), asStereo.content().readerIndex(),
                            asStereo.content().readableBytes());
                    asStereo.release();
                    frames++;
                    durationNanos += frame.durationNanos();
                } finally {
                    frame.release();
                }
            }
        } catch (NoSuchFileException missing) {
            audio.release();
            stereo.release();
            throw new IllegalArgumentException("intro " + file + " does not exist", missing);
        } catch (IOException e) {
            audio.release();
            stereo.release();
            throw new IllegalArgumentException("intro " + file + " cannot be read: " + e, e);
        } catch (RuntimeException e) {
            audio.release();
            stereo.release();
            throw e;
        }
        if (!mono) {
            stereo.release();
            stereo = null;
        }
        if (frames == 0) {
            audio.release();
            throw new IllegalArgumentException("intro " + file + " holds no MP3 audio");
        }
        return new Intro(audio, stereo, format, frames, durationNanos);
    }

    /** Opens the frames of an intro. */
    @FunctionalInterface
    public interface Opener {
        Mp3FileReader open() throws IOException;
    }

    /** What a new listener hears first, given whether the stream it joins is stereo. */
    public ByteBuf audioFor(boolean stereoStream) {
        return stereoStream && stereoAudio != null ? stereoAudio : audio;
    }

    /** Releases the intro's buffers; views still queued in channels hold their own references. */
    public void release() {
        audio.release();
        if (stereoAudio != null) {
            stereoAudio.release();
        }
    }
}
