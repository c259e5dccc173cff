package io.relaycast.icy;

import io.netty.buffer.ByteBuf;
import java.util.function.Supplier;

/**
 * Per-listener ICY state: counts audio bytes to the next metadata point and splits writes there. The metadata block is
 * sent in full only when the title changed since this listener last got it, otherwise a single zero byte, as Icecast
 * does. Audio is passed on as ranges of the shared buffer, never copied, retained or moved.
 */
public final class IcyInterleaver {

    private final int metaint;
    private final Supplier<IcyMetadata> current;
    private int untilMetadata;
    private IcyMetadata sent = IcyMetadata.none();

    public IcyInterleaver(int metaint, Supplier<IcyMetadata> current) {
        this.metaint = metaint;
        this.current = current;
        this.untilMetadata = metaint;
    }

    /** Where the pieces go: ranges of buffers that are only lent, valid as long as the audio passed in is. */
    @FunctionalInterface
    public interface Sink {
        void accept(ByteBuf buffer, int index, int length);
    }

    /**
     * Passes the readable bytes of {@code audio} (not consumed, not released, not moved) to {@code out} as ranges, with
     * metadata blocks inserted at every metaint boundary. Returns the number of bytes handed out (audio plus metadata).
     */
    public long interleave(ByteBuf audio, Sink out) {
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
                ByteBuf block = nextBlock();
                written += block.readableBytes();
                out.accept(block, block.readerIndex(), block.readableBytes());
                untilMetadata = metaint;
            }
        }
        return written;
    }

    private ByteBuf nextBlock() {
        IcyMetadata now = current.get();
        if (now == sent) {
            return IcyMetadata.EMPTY_BLOCK;
        }
        sent = now;
        return now.block();
    }
}
