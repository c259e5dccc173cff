package io.relaycast.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.relaycast.mp3.SyncStats;
import java.util.function.Consumer;

/**
 * Gives up on an origin whose stream, labelled MP3 (audio/mpeg, or a type taken for it), holds no MP3 frame in its first
 * {@link #NO_MP3_BYTES} (tags aside): AAC or Ogg from a master's encoder. It counts as a refused format, so the relay asks
 * again after that format's long pauses, not every few seconds after a source timeout of nothing each time. Bytes are
 * counted rather than the first few sniffed: a relay joins a stream in the middle. Leaves once a frame has come.
 */
final class OriginFormatCheck extends ChannelInboundHandlerAdapter {

    static final int NO_MP3_BYTES = 16 * 1024;

    private final SyncStats frames;
    private final String contentType;
    private final Consumer<String> refusedFormat;

    OriginFormatCheck(SyncStats frames, String contentType, Consumer<String> refusedFormat) {
        this.frames = frames;
        this.contentType = contentType;
        this.refusedFormat = refusedFormat;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
        if (frames.framesEmitted() > 0) {
            ctx.pipeline().remove(this);
        } else if (frames.bytesDropped() - frames.tagBytes() > NO_MP3_BYTES && ctx.channel().isOpen()) {
            refusedFormat.accept(contentType + " (no MP3 frames)");
            ctx.close();
        }
    }
}
