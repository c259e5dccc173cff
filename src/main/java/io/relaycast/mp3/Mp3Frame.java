package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Objects;

/**
 * One whole MPEG audio frame: the unit the relay queues, fans out and drops, so a listener only ever receives
 * complete frames.
 *
 * <p>{@link #content()} is exactly the frame bytes, header included. Reference counted like any Netty message: whoever
 * receives a frame releases it.
 */
public final class Mp3Frame extends DefaultByteBufHolder {

    private final FrameHeader header;

    /**
     * @param header  the parsed header of the frame
     * @param content the frame bytes, header included; ownership passes to this frame
     */
    public Mp3Frame(FrameHeader header, ByteBuf content) {
        super(content);
        this.header = Objects.requireNonNull(header, "header");
    }

    /** The parsed header of this frame. */
    public FrameHeader header() {
        return header;
    }

    /** Playing time of this frame in nanoseconds. */
    public long durationNanos() {
        return header.durationNanos();
    }

    @Override
    public Mp3Frame copy() {
        return replace(content().copy());
    }

    @Override
    public Mp3Frame duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public Mp3Frame retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public Mp3Frame replace(ByteBuf content) {
        return new Mp3Frame(header, content);
    }

    @Override
    public Mp3Frame retain() {
        super.retain();
        return this;
    }

    @Override
    public Mp3Frame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public Mp3Frame touch() {
        super.touch();
        return this;
    }

    @Override
    public Mp3Frame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "Mp3Frame(" + header + ", " + contentToString() + ")";
    }
}
