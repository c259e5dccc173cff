package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.relaycast.config.BurstSize;
import io.relaycast.mount.Mount;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SilentFrames;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners at the live edge are written to once per write interval of audio (here {@code framesPerWrite} frames), each
 * block of consecutive listeners on its own turn (mostly blocks of one here), so a chunk wakes only a share of them;
 * nothing is lost or reordered, and a flush makes everyone write what is pending.
 */
class PhasedDeliveryTest {

    private static final FrameHeader FORMAT = SilentFrames.defaultFormat();
    private static final byte[] FRAME = SilentFrames.silentFrame(FORMAT);

    private final ListenerRegistry registry = new ListenerRegistry();
    private Mount mount;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<int[]> flushes = new ArrayList<>();
    private boolean wantsMetadata;

    @AfterEach
    void close() {
        mount.close();
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void eachChunkWakesOnlyTheListenersWhoseTurnItIs() {
        listen(4, 4);
        publishFrames(1);
        int[] before = counts();
        for (int chunk = 0; chunk < 40; chunk++) {
            int[] last = counts();
            publishFrames(1);
            int woken = 0;
            for (int i = 0; i < flushes.size(); i++) {
                woken += flushes.get(i)[0] - last[i];
            }
            assertThat(woken).as("listeners written to for chunk %d", chunk).isEqualTo(1);
        }
        for (int i = 0; i < flushes.size(); i++) {
            assertThat(flushes.get(i)[0] - before[i]).as("writes to listener %d over 40 chunks", i).isEqualTo(10);
        }
        mount.sealAndPublish();
        for (EmbeddedChannel channel : channels) {
            assertThat(received(channel)).as("all 41 frames, in order, after the flush").isEqualTo(frames(41));
        }
    }

    @Test
    void aTurnIsOneBufferHoldingEveryChunkSinceTheLastTurn() {
        listen(4, 4);
        publishFrames(1);
        channels.forEach(channel -> received(channel));
        int[] before = counts();
        for (int chunk = 0; chunk < 8; chunk++) {
            publishFrames(1);
        }
        List<Integer> framesWritten = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            List<Integer> writes = new ArrayList<>();
            for (ByteBuf buf = channels.get(i).readOutbound(); buf != null; buf = channels.get(i).readOutbound()) {
                writes.add(buf.readableBytes() / FRAME.length);
                buf.release();
            }
            assertThat(writes).as("listener %d: one buffer per write", i).hasSize(flushes.get(i)[0] - before[i]);
            assertThat(writes).as("listener %d: a later turn carries the four chunks since the last", i).endsWith(4);
            framesWritten.add(writes.stream().mapToInt(Integer::intValue).sum());
        }
        // Each listener has everything up to its last turn: chunk 8, 7, 6 or 5 by its place among the four turns.
        assertThat(framesWritten).containsExactlyInAnyOrder(8, 7, 6, 5);
    }

    @Test
    void anIcyListenerWhoseTitleStaysTheSameGetsEachTurnAsOneBufferToo() {
        // A metaint far longer than the test's audio: no metadata block inside a turn, so a turn can be one piece, which
        // is what lets it go straight to the socket.
        wantsMetadata = true;
        listen(1, 4);
        publishFrames(1);
        received(channels.get(0));
        publishFrames(8);
        List<Integer> writes = new ArrayList<>();
        for (ByteBuf buf = channels.get(0).readOutbound(); buf != null; buf = channels.get(0).readOutbound()) {
            writes.add(buf.readableBytes() / FRAME.length);
            buf.release();
        }
        assertThat(writes).as("one buffer per turn: a later turn carries the four chunks since the last").endsWith(4);
    }

    @Test
    void turnsFollowTheAudioNotTheChunkCountSoLargerChunksAreWrittenAsOftenAsTheirAudioRequires() {
        // Two frames per chunk: each chunk is half a write interval of audio.
        listen(4, 4, 2);
        publishFrames(2);
        int[] before = counts();
        publishFrames(40);
        for (int i = 0; i < flushes.size(); i++) {
            assertThat(flushes.get(i)[0] - before[i]).as("writes to listener %d over 40 frames of audio", i).isEqualTo(10);
        }
    }

    @Test
    void consecutiveListenersShareTheTurnOfTheirBlock() {
        // Ids 1 to 12 in blocks of four: 1-3 (block 0), 4-7 (block 1), 8-11 (block 2), 12 (block 3), each block at its
        // own place within an interval of eight frames.
        listen(12, 8, 1, 4);
        publishFrames(1);
        int[] before = counts();
        for (int chunk = 0; chunk < 40; chunk++) {
            int[] last = counts();
            publishFrames(1);
            List<Integer> woken = new ArrayList<>();
            for (int i = 0; i < flushes.size(); i++) {
                if (flushes.get(i)[0] > last[i]) {
                    woken.add(i + 1);
                }
            }
            assertThat(woken).as("listener ids written to for chunk %d", chunk)
                    .isIn(List.of(), List.of(1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9, 10, 11), List.of(12));
        }
        for (int i = 0; i < flushes.size(); i++) {
            assertThat(flushes.get(i)[0] - before[i]).as("writes to listener %d over 40 chunks", i + 1).isEqualTo(5);
        }
    }

    @Test
    void withOneChunkPerWriteEveryListenerGetsEveryChunkAtOnce() {
        listen(2, 1);
        for (int chunk = 0; chunk < 5; chunk++) {
            publishFrames(1);
        }
        assertThat(flushes).allSatisfy(count -> assertThat(count[0]).isEqualTo(5));
        for (EmbeddedChannel channel : channels) {
            assertThat(received(channel)).isEqualTo(frames(5));
        }
    }

    /** {@code count} listeners, each on its own embedded channel (and so its own event loop), all served by one mount. */
    /** Listeners written to once per {@code framesPerWrite} frames of audio (the write interval); a chunk is a frame. */
    private void listen(int count, int framesPerWrite) {
        listen(count, framesPerWrite, 1);
    }

    /** Each listener on a turn of its own. */
    private void listen(int count, int framesPerWrite, int framesPerChunk) {
        listen(count, framesPerWrite, framesPerChunk, 1);
    }

    private void listen(int count, int framesPerWrite, int framesPerChunk, int turnBlock) {
        List<EventLoop> loops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] flushCount = new int[1];
            flushes.add(flushCount);
            EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(ChannelHandlerContext ctx) {
                    flushCount[0]++;
                    ctx.flush();
                }
            });
            channels.add(channel);
            loops.add(channel.eventLoop());
        }
        mount = new Mount("/live", loops.get(0), loops, ByteBufAllocator.DEFAULT, 1 << 20,
                Duration.ofNanos(FORMAT.durationNanos() * framesPerChunk), false);
        for (EmbeddedChannel channel : channels) {
            ListenerRequest request = new ListenerRequest(new InetSocketAddress("127.0.0.1", 1), "GET /live HTTP/1.1", "test",
                    "", wantsMetadata, 16000, System.nanoTime());
            channel.pipeline().addLast(new ListenerHandler(registry, mount, request,
                    new Delivery(BurstSize.ofBytes(0), Duration.ofSeconds(20),
                            Duration.ofNanos(FORMAT.durationNanos() * framesPerWrite), null, turnBlock)));
            channel.checkException();
        }
    }

    /** Publishes frames on the mount; each frame is one chunk, as the chunk duration is one frame. */
    private void publishFrames(int count) {
        for (int i = 0; i < count; i++) {
            mount.publish(this, new Mp3Frame(FORMAT, Unpooled.wrappedBuffer(FRAME)));
        }
    }

    private int[] counts() {
        return flushes.stream().mapToInt(count -> count[0]).toArray();
    }

    private static byte[] frames(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(FRAME);
        }
        return out.toByteArray();
    }

    /** Everything {@code channel} wrote so far, released. */
    static byte[] received(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
