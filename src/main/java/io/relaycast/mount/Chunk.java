package io.relaycast.mount;

import io.netty.buffer.ByteBuf;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mp3.FrameHeader;

/**
 * A few whole MP3 frames published together: the unit listeners share. The buffer always starts on a frame header
 * and ends on a frame end, so any chunk boundary is a safe place for a listener to start or to switch inputs.
 *
 * @param sequence     position in the mount's log; consecutive chunks have consecutive numbers
 * @param data         the frames' bytes; shared by all listeners through {@code retainedDuplicate()}
 * @param frames       how many frames the chunk holds
 * @param durationNanos audio duration of the chunk
 * @param format       the header of the chunk's first frame (bitrate, sample rate, channels)
 * @param arrivalNanos {@link System#nanoTime()} when the chunk's first frame arrived, to measure relay latency
 * @param metadata     the mount's title when the chunk was sealed: the ICY blocks inside its audio carry it, whenever a
 *                     listener hears it (a join burst, a listener catching up), as Icecast ties titles to its buffers
 */
public record Chunk(long sequence, ByteBuf data, int frames, long durationNanos, FrameHeader format, long arrivalNanos,
                    IcyMetadata metadata) {

    public int length() {
        return data.readableBytes();
    }
}
