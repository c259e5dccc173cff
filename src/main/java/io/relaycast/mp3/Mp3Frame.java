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
    private final boolean afterGap;

    /**
     * @param header  the parsed header of the frame
     * @param content the frame bytes, header included; ownership passes to this frame
     */
    public Mp3Frame(FrameHeader header, ByteBuf content) {
        this(header, content, false);
    }

    /**
     * @param afterGap whether the stream was broken just before this frame (bytes dropped by resync, a tag, or the
     *                 start of the stream), so the frames before it in its own stream are not the ones that went out
     */
    public Mp3Frame(FrameHeader header, ByteBuf content, boolean afterGap) {
        super(content);
        this.header = Objects.requireNonNull(header, "header");
        this.afterGap = afterGap;
    }

    /** The parsed header of this frame. */
    public FrameHeader header() {
        return header;
    }

    /**
     * Whether the stream was broken just before this frame: its bit reservoir may reach back into audio data that was
     * dropped, so for the mount it starts a new stretch of stream (see {@link ReservoirBridge}).
     */
    public boolean afterGap() {
        return afterGap;
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
        return new Mp3Frame(header, content, afterGap);
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
