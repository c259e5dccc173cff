package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.relaycast.config.BurstSize;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.Intro;
import io.relaycast.mount.Mount;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SilentFrames;
import io.relaycast.testing.IcyDemux;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One listener on an embedded channel joins a mount with a burst of everything it holds: the audio it gets, in what
 * order, the titles that go with it, and how much of it counts as sent. A chunk is one numbered frame.
 */
class ListenerStreamTest {

    private static final FrameHeader FORMAT = SilentFrames.defaultFormat();
    private static final int FRAME_LENGTH = SilentFrames.silentFrame(FORMAT).length;

    private final ListenerRegistry registry = new ListenerRegistry();
    private final List<Integer> published = new ArrayList<>();
    private EmbeddedChannel channel;
    private Mount mount;

    @BeforeEach
    void mount() {
        channel = new EmbeddedChannel();
        mount = new Mount("/live", channel.eventLoop(), List.of(channel.eventLoop()), ByteBufAllocator.DEFAULT, 1 << 20,
                Duration.ofNanos(FORMAT.durationNanos()), false);
    }

    @AfterEach
    void close() {
        mount.close();
        channel.finishAndReleaseAll();
    }

    @Test
    void aListenerCatchingUpChunkByChunkGetsEveryChunkOnceAndInOrder() {
        // Far smaller than the burst: no span, chunk by chunk; and an embedded channel empties itself on every flush, so
        // the channel turns writable again inside each flush, as a socket does for a listener reading flat out.
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(512, 1024));
        publish(40);
        listen(false, 0);
        assertThat(frameNumbers(PhasedDeliveryTest.received(channel))).isEqualTo(published);
    }

    @Test
    void eachMetadataBlockCarriesTheTitleOfTheAudioItSitsInNotTheNewestOne() {
        publishTitleAThenB();
        listen(true, 4 * FRAME_LENGTH);
        List<String> titles = new ArrayList<>();
        byte[] audio = IcyDemux.audio(PhasedDeliveryTest.received(channel), 4 * FRAME_LENGTH, titles);
        assertThat(frameNumbers(audio)).isEqualTo(published);
        // Blocks after frames 4, 8, 12 and 16 sit in title A's audio; the one after frame 20 in B's.
        assertThat(titles).containsExactly("StreamTitle='A';", "", "", "", "StreamTitle='B';", "", "", "", "", "");
    }

    @Test
    void anIntroCarriesTheTitleTheBurstAfterItStartsWithSoAPlayerNeverSeesATitleGoBack() {
        publishTitleAThenB();
        byte[] intro = new byte[8 * FRAME_LENGTH];
        for (int frame = 0; frame < 8; frame++) {
            System.arraycopy(SilentFrames.silentFrame(FORMAT), 0, intro, frame * FRAME_LENGTH, FRAME_LENGTH);
        }
        mount.playIntro(new Intro(Unpooled.wrappedBuffer(intro), null, FORMAT, 8, 8 * FORMAT.durationNanos()));
        listen(true, 4 * FRAME_LENGTH);
        List<String> titles = new ArrayList<>();
        IcyDemux.audio(PhasedDeliveryTest.received(channel), 4 * FRAME_LENGTH, titles);
        // The burst starts in title A's audio: an intro saying B would make the player show B, then A, then B again.
        assertThat(titles).filteredOn(title -> !title.isEmpty()).containsExactly("StreamTitle='A';", "StreamTitle='B';");
    }

    @Test
    void aListenerThatLeavesWithAudioStillQueuedIsCountedOnlyForWhatWentOut() {
        StuckPeer peer = new StuckPeer();
        channel.pipeline().addLast(peer);
        publish(10);
        listen(false, 0);
        peer.stuck = true;
        publish(30);
        channel.close();
        assertThat(mount.stats().bytesSent()).isEqualTo(10L * FRAME_LENGTH);
    }

    @Test
    void audioStillOnItsWayWhenAListenerIsMovedCountsForTheMountItLeft() {
        Mount target = new Mount("/other", channel.eventLoop(), List.of(channel.eventLoop()), ByteBufAllocator.DEFAULT,
                1 << 20, Duration.ofNanos(FORMAT.durationNanos()), false);
        try {
            StuckPeer peer = new StuckPeer();
            channel.pipeline().addLast(peer);
            peer.stuck = true;
            publish(10);
            listen(false, 0);
            channel.pipeline().get(ListenerHandler.class).moveTo(target);
            channel.runPendingTasks();
            peer.deliver();
            assertThat(mount.stats().bytesSent()).isEqualTo(10L * FRAME_LENGTH);
            assertThat(target.stats().bytesSent()).isZero();
        } finally {
            target.close();
        }
    }

    /** 18 frames of title A, then 22 of B. */
    private void publishTitleAThenB() {
        mount.updateMetadata(IcyMetadata.of("A", ""));
        publish(18);
        mount.updateMetadata(IcyMetadata.of("B", ""));
        publish(22);
    }

    private void publish(int frames) {
        for (int i = 0; i < frames; i++) {
            int number = published.size();
            published.add(number);
            byte[] frame = SilentFrames.silentFrame(FORMAT);
            // The last two bytes are padding of the frame's audio data: they say which frame it is.
            frame[FRAME_LENGTH - 2] = (byte) (number >> 8);
            frame[FRAME_LENGTH - 1] = (byte) number;
            mount.publish(this, new Mp3Frame(FORMAT, Unpooled.wrappedBuffer(frame)));
        }
    }

    /** A listener with a burst of everything the mount holds, written to at every chunk. */
    private void listen(boolean wantsMetadata, int metaint) {
        ListenerRequest request = new ListenerRequest(new InetSocketAddress("127.0.0.1", 1), "GET /live HTTP/1.1", "test",
                "", wantsMetadata, metaint, System.nanoTime());
        channel.pipeline().addLast(new ListenerHandler(registry, mount, request, new Delivery(BurstSize.ofBytes(1 << 20),
                Duration.ofSeconds(20), Duration.ofNanos(FORMAT.durationNanos()), null, 1)));
        channel.checkException();
    }

    private static List<Integer> frameNumbers(byte[] audio) {
        List<Integer> numbers = new ArrayList<>();
        for (int end = FRAME_LENGTH; end <= audio.length; end += FRAME_LENGTH) {
            numbers.add((audio[end - 2] & 0xff) << 8 | audio[end - 1] & 0xff);
        }
        return numbers;
    }

    /** Takes writes until it is stuck; then holds them, and drops them when the connection closes, as a socket would. */
    private static final class StuckPeer extends ChannelOutboundHandlerAdapter {

        private final List<ChannelPromise> held = new ArrayList<>();
        private boolean stuck;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!stuck) {
                ctx.write(msg, promise);
                return;
            }
            ReferenceCountUtil.release(msg);
            held.add(promise);
        }

        /** The held writes reach the peer after all. */
        void deliver() {
            held.stream().filter(write -> !write.isVoid()).forEach(ChannelPromise::trySuccess);
            held.clear();
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            held.stream().filter(write -> !write.isVoid()).forEach(write -> write.tryFailure(new ClosedChannelException()));
            ctx.close(promise);
        }
    }
}
