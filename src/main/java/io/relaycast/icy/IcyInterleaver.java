package io.relaycast.icy;

import io.netty.buffer.ByteBuf;

/**
 * Per-listener ICY state: counts audio bytes to the next metadata point and splits writes there. The metadata block is
 * sent in full only when the title changed since this listener last got it, otherwise a single zero byte, as Icecast
 * does. Audio is passed on as ranges of the shared buffer, never copied, retained or moved. A block carries the title of
 * the audio it sits in, not the newest one: a join burst or a listener catching up hears the title change where the
 * audio changes, as from Icecast.
 */
public final class IcyInterleaver {

    private final int metaint;
    private int untilMetadata;
    private IcyMetadata sent = IcyMetadata.none();

    public IcyInterleaver(int metaint) {
        this.metaint = metaint;
        this.untilMetadata = metaint;
    }

    /** Where the pieces go: ranges of buffers that are only lent, valid as long as the audio passed in is. */
    @FunctionalInterface
    public interface Sink {
        void accept(ByteBuf buffer, int index, int length);
    }

    /**
     * Passes the readable bytes of {@code audio} (not consumed, not released, not moved) to {@code out} as ranges, with
     * metadata blocks inserted at every metaint boundary, saying {@code title}: the title of this audio. Returns the
     * number of bytes handed out (audio plus metadata).
     */
    public long interleave(ByteBuf audio, IcyMetadata title, Sink out) {
        int offset = audio.readerIndex();
        int end = audio.writerIndex();
        long written = 0;
        while (offset < end) {
            int take = Math.min(end - offset, untilMetadata);
            out.accept(audio, offset, take);
            offset += take;
            written += take;
            untilMetadata -= take;
            if (untilMetadata == 0) {
                ByteBuf block = nextBlock(title);
                written += block.readableBytes();
                out.accept(block, block.readerIndex(), block.readableBytes());
                untilMetadata = metaint;
            }
        }
        return written;
    }

    private ByteBuf nextBlock(IcyMetadata now) {
        if (now == sent) {
            return IcyMetadata.EMPTY_BLOCK;
        }
        sent = now;
        return now.block();
    }
}
