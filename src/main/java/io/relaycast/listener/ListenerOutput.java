package io.relaycast.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * Where one listener's bytes go. A turn adds views of the shared buffers ({@link #add}) and sends them with
 * {@link #flush}.
 *
 * <p>On the native epoll transport, while Netty holds nothing queued for the channel, a turn of one piece (the usual
 * case: one span) goes to the socket with a single {@code send(2)} straight from the shared buffer. No duplicate, no
 * outbound-buffer entry, no promise, no pipeline walk: with thousands of listeners those objects are cold, and touching
 * them cost as much CPU as the rest of the Java side together. Whatever the kernel does not take, and every turn after it
 * until Netty's queue has drained, goes through the channel as usual (retained slices, one flush), so order, water marks,
 * writability and the stall timeout stay Netty's. Turns of several pieces (ICY metadata inside the turn, or a listener
 * catching up chunk by chunk), other transports and TLS connections always go through the channel.
 *
 * <p>Bytes count as sent once they are out: a direct send's as the kernel takes them, a batch's when its last write
 * completes (a long intro is cut into batches of at most {@link #MAX_BATCH_BYTES}). What a closing channel drops never
 * does.
 *
 * <p>Event loop only, like the handler that owns it.
 */
final class ListenerOutput implements ChannelFutureListener {

    /** Pieces gathered before they are handed on: a turn is one span, or an ICY split of it (audio, block, audio). */
    static final int MAX_PIECES = 16;
    /** The most bytes counted as one batch: what a listener that leaves in the middle of a long piece is not counted for. */
    static final int MAX_BATCH_BYTES = 64 * 1024;
    /** Batches a stream's turns keep in the channel at most, about: what the ring of their sizes starts with. */
    private static final int INITIAL_BATCHES = 8;
    /** The ring's size kept once a long intro's batches are out: room for a stream's turns at their peak, never regrown. */
    static final int KEPT_BATCHES = 32;

    private final ChannelHandlerContext ctx;
    private final Socket socket;
    /**
     * The turn's first piece, in fields of this object rather than in the arrays: with thousands of listeners, every
     * object a turn touches is a cache miss, and most turns are one piece. The arrays are made for a turn of several.
     */
    private ByteBuf first;
    private int firstIndex;
    private int firstLength;
    private ByteBuf[] pieces;
    private int[] indexes;
    private int[] lengths;
    private int pieceCount;
    /** Batches handed to the channel whose last write has not completed yet; while any is out, so is the fast path. */
    private int batchesInChannel;
    /** The bytes of those batches, oldest first from {@link #oldestBatch}: a ring, as the channel completes them in order. */
    private long[] batchBytes = new long[INITIAL_BATCHES];
    private int oldestBatch;
    private final LongConsumer onSent;
    /** Batches that were in the channel when the listener last moved: their bytes are the old mount's audio. */
    private int batchesBeforeMove;
    private LongConsumer onSentBeforeMove;
    private long directBytes;

    private ListenerOutput(ChannelHandlerContext ctx, Socket socket, LongConsumer sent) {
        this.ctx = ctx;
        this.socket = socket;
        this.onSent = sent;
        ChannelOutboundBuffer queued = ctx.channel().unsafe().outboundBuffer();
        if (queued != null && queued.totalPendingWriteBytes() > 0) {
            // The response head is still on its way: the first turn must queue behind it.
            trackBatch(ctx.write(Unpooled.EMPTY_BUFFER, ctx.newPromise()), 0);
            ctx.flush();
        }
    }

    /**
     * The output for {@code ctx}'s channel: direct sends where the transport gives us its socket. {@code sent} hears of
     * the bytes that went out, on the event loop.
     */
    static ListenerOutput of(ChannelHandlerContext ctx, LongConsumer sent) {
        // Over TLS every byte must go through the SslHandler: never straight to the socket.
        boolean encrypted = ctx.pipeline().get(SslHandler.class) != null;
        Socket socket = !encrypted && ctx.channel() instanceof UnixChannel unix && unix.fd() instanceof Socket s ? s : null;
        return new ListenerOutput(ctx, socket, sent);
    }

    /**
     * Adds {@code length} bytes of {@code data} from {@code index} to this turn. The buffer is neither consumed nor
     * retained nor moved: it must stay valid until {@link #flush} returns.
     *
     * <p>When {@link #MAX_PIECES} are waiting they are written to the channel, but not flushed: a flush can tell the
     * handler, there and then, that the channel is writable again, and the handler would start a turn inside this one.
     */
    void add(ByteBuf data, int index, int length) {
        if (length == 0) {
            return;
        }
        if (pieceCount == MAX_PIECES) {
            handOn();
        }
        if (pieceCount == 0) {
            first = data;
            firstIndex = index;
            firstLength = length;
        } else {
            if (pieces == null) {
                pieces = new ByteBuf[MAX_PIECES];
                indexes = new int[MAX_PIECES];
                lengths = new int[MAX_PIECES];
            }
            pieces[pieceCount] = data;
            indexes[pieceCount] = index;
            lengths[pieceCount] = length;
        }
        pieceCount++;
    }

    /** Sends what was added: straight to the socket when it can, through the channel otherwise. */
    void flush() {
        if (handOn()) {
            ctx.flush();
        }
    }

    /**
     * Sends a lone piece straight to the socket when it can; writes the pieces to the channel, unflushed, otherwise.
     * Returns whether the channel was given anything.
     */
    private boolean handOn() {
        int count = pieceCount;
        if (count == 0) {
            return false;
        }
        pieceCount = 0;
        ByteBuf head = first;
        first = null;
        int sent = 0;
        if (count == 1 && canSendDirectly() && head.hasMemoryAddress()) {
            sent = send(head, firstIndex, firstLength);
            if (sent == firstLength || !socket.isOpen()) {
                return false;
            }
        }
        long batch = writePiece(head, firstIndex + sent, firstLength - sent, 0, count == 1);
        for (int i = 1; i < count; i++) {
            batch = writePiece(pieces[i], indexes[i], lengths[i], batch, i == count - 1);
            pieces[i] = null;
        }
        return true;
    }

    /**
     * Writes a piece to the channel, as retained slices; the bytes of the batch so far are {@code batch}, and the batch
     * ends with the piece when it is the {@code last}. Returns the batch's bytes after it. A piece longer than
     * {@link #MAX_BATCH_BYTES} (only an intro is) goes as batches of that size, so a listener leaving in the middle of it
     * is counted for what it took.
     */
    private long writePiece(ByteBuf data, int index, int length, long batch, boolean last) {
        int from = index;
        int left = length;
        long bytes = batch;
        while (left > MAX_BATCH_BYTES) {
            trackBatch(ctx.write(data.retainedSlice(from, MAX_BATCH_BYTES), ctx.newPromise()), bytes + MAX_BATCH_BYTES);
            bytes = 0;
            from += MAX_BATCH_BYTES;
            left -= MAX_BATCH_BYTES;
        }
        bytes += left;
        ByteBuf slice = data.retainedSlice(from, left);
        if (last) {
            trackBatch(ctx.write(slice, ctx.newPromise()), bytes);
            return 0;
        }
        ctx.write(slice, ctx.voidPromise());
        return bytes;
    }

    /** Whether another turn may be added: always on the fast path, else as long as the channel is below its water mark. */
    boolean isWritable() {
        return canSendDirectly() || ctx.channel().isWritable();
    }

    /**
     * Nothing queued in the channel, and the socket still open: once Netty has closed the channel, its descriptor number
     * may already belong to another connection.
     */
    private boolean canSendDirectly() {
        return batchesInChannel == 0 && socket != null && socket.isOpen();
    }

    /**
     * Bytes queued in the channel that the socket has not taken yet: fewer than before means the listener read. Netty
     * counts a buffer as pending until the socket has taken all of it (a long intro is one), so the part of the buffer
     * being written that is out already is taken off.
     */
    long pendingBytes() {
        ChannelOutboundBuffer queued = ctx.channel().unsafe().outboundBuffer();
        return queued == null ? 0 : queued.totalPendingWriteBytes() - queued.currentProgress();
    }

    /** Bytes that went straight to the socket, for tests and curiosity. */
    long directBytes() {
        return directBytes;
    }

    /**
     * The listener moves to another mount: the batches now in the channel are the old mount's audio, and {@code before}
     * hears of their bytes instead of the output's own listener.
     */
    void moving(LongConsumer before) {
        batchesBeforeMove = batchesInChannel;
        onSentBeforeMove = before;
    }

    private int send(ByteBuf piece, int index, int length) {
        try {
            int taken = socket.sendAddress(piece.memoryAddress(), index, index + length);
            directBytes += taken;
            onSent.accept(taken);
            return taken;
        } catch (IOException e) {
            // The peer is gone (reset, broken pipe): the channel's own close tells the handler.
            ctx.close();
            return 0;
        }
    }

    private void trackBatch(ChannelFuture lastWrite, long bytes) {
        if (batchesInChannel == batchBytes.length) {
            resizeRing(batchBytes.length * 2);
        }
        batchBytes[(oldestBatch + batchesInChannel) % batchBytes.length] = bytes;
        batchesInChannel++;
        lastWrite.addListener(this);
    }

    /** Moves the batch sizes in the channel, oldest first, to a ring of {@code size}. */
    private void resizeRing(int size) {
        long[] resized = new long[size];
        for (int i = 0; i < batchesInChannel; i++) {
            resized[i] = batchBytes[(oldestBatch + i) % batchBytes.length];
        }
        batchBytes = resized;
        oldestBatch = 0;
    }

    /**
     * The room the ring of batch sizes has now: it grows as batches pile up in the channel (a long intro's most of all)
     * and shrinks back to {@link #KEPT_BATCHES}, never lower, once few are left.
     */
    int batchRingSize() {
        return batchBytes.length;
    }

    /** A batch's last write completed: written, its bytes are sent; failed (the channel closed), they never will be. */
    @Override
    public void operationComplete(ChannelFuture future) {
        long bytes = batchBytes[oldestBatch];
        oldestBatch = (oldestBatch + 1) % batchBytes.length;
        batchesInChannel--;
        if (batchBytes.length > KEPT_BATCHES && batchesInChannel <= KEPT_BATCHES / 2) {
            // Grown for a long intro's slices: back to what a stream's turns need at their peak, without waiting for the
            // channel to empty (a player reading at playback speed never lets it), and never shrunk below that, so a
            // reader that fills and empties its channel over and over does not reallocate the ring each time.
            resizeRing(KEPT_BATCHES);
        }
        LongConsumer heard = onSent;
        if (batchesBeforeMove > 0) {
            batchesBeforeMove--;
            heard = onSentBeforeMove;
        }
        if (future.isSuccess() && bytes > 0) {
            heard.accept(bytes);
        }
    }
}
