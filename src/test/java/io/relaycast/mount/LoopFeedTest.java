package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.relaycast.config.BurstSize;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mp3.ChannelMode;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.MpegVersion;
import io.relaycast.mp3.SilentFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopFeedTest {

    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void burstStartsAtTheNewestChunkBoundaryAtLeastTheBurstBehindTheLiveEdge() {
        LoopFeed feed = new LoopFeed(loop, 1 << 20, new MountStats());
        for (int i = 0; i < 10; i++) {
            feed.append(chunk(i, 1000), false);
        }
        assertThat(feed.burstStart(BurstSize.ofBytes(0))).isEqualTo(10);
        assertThat(feed.burstStart(BurstSize.ofBytes(1))).isEqualTo(9);
        assertThat(feed.burstStart(BurstSize.ofBytes(2500))).isEqualTo(7);
        assertThat(feed.burstStart(BurstSize.ofBytes(3000))).isEqualTo(7);
        assertThat(feed.burstStart(BurstSize.ofBytes(100_000))).isZero();
        assertThat(feed.burstStart(BurstSize.ofDuration(Duration.ofMillis(250)))).isEqualTo(7);
        feed.close();
    }

    @Test
    void aBurstDoesNotReachBackPastTheChangeToTheFormatNowPlaying() {
        LoopFeed feed = new LoopFeed(loop, 1 << 20, new MountStats());
        FrameHeader stereo = SilentFrames.defaultFormat();
        FrameHeader mono = new FrameHeader(stereo.version(), stereo.layer(), 64, stereo.sampleRate(), false, ChannelMode.MONO);
        FrameHeader at48k = new FrameHeader(MpegVersion.MPEG_1, 3, 128, 48_000, false, ChannelMode.MONO);
        for (int i = 0; i < 10; i++) {
            feed.append(chunk(i, 1000, i < 6 ? stereo : mono), false);
        }
        assertThat(feed.burstStart(BurstSize.ofBytes(2500))).as("within the mono chunks, as before").isEqualTo(7);
        assertThat(feed.burstStart(BurstSize.ofBytes(100_000))).as("the first mono chunk, not the stereo before it")
                .isEqualTo(6);
        assertThat(feed.burstStart(BurstSize.ofDuration(Duration.ofSeconds(10)))).isEqualTo(6);
        feed.append(chunk(10, 1000, at48k), false);
        assertThat(feed.burstStart(BurstSize.ofBytes(100_000))).as("a new sample rate starts anew").isEqualTo(10);
        feed.close();
    }

    @Test
    void dropsTheOldestChunksBeyondItsCapacityAndReleasesThem() {
        LoopFeed feed = new LoopFeed(loop, 3000, new MountStats());
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Chunk chunk = chunk(i, 1000);
            chunks.add(chunk);
            feed.append(chunk, false);
        }
        assertThat(feed.firstSequence()).isEqualTo(3);
        assertThat(feed.nextSequence()).isEqualTo(6);
        assertThat(feed.chunk(2)).isNull();
        assertThat(feed.chunk(3)).isSameAs(chunks.get(3));
        assertThat(chunks.subList(0, 3)).allMatch(c -> c.data().refCnt() == 0);
        feed.close();
        assertThat(chunks).allMatch(c -> c.data().refCnt() == 0);
    }

    @Test
    void tellsEveryListenerAndToleratesOneLeavingWhileBeingTold() {
        LoopFeed feed = new LoopFeed(loop, 1 << 20, new MountStats());
        List<String> told = new ArrayList<>();
        LoopFeed.Seat[] leaver = new LoopFeed.Seat[1];
        feed.addListener(everyChunk(told, "a"));
        leaver[0] = feed.addListener(flush -> {
            told.add("leaver");
            leaver[0].leave();
            return Long.MIN_VALUE;
        });
        feed.addListener(everyChunk(told, "b"));
        feed.append(chunk(0, 100), false);
        assertThat(told).containsExactlyInAnyOrder("a", "leaver", "b");
        assertThat(feed.listenerCount()).isEqualTo(2);
        told.clear();
        feed.append(chunk(1, 100), false);
        assertThat(told).containsExactlyInAnyOrder("a", "b");
        feed.close();
    }

    @Test
    void aListenerIsToldOnlyOnceTheAudioClockReachesItsWakeUpTimeOrOnAFlush() {
        LoopFeed feed = new LoopFeed(loop, 1 << 20, new MountStats());
        List<String> told = new ArrayList<>();
        LoopFeed.Seat later = feed.addListener(flush -> {
            told.add("later" + (flush ? " flush" : ""));
            return Long.MAX_VALUE;
        });
        LoopFeed.Seat moved = feed.addListener(everyChunk(told, "every"));
        LoopFeed.Seat leaving = feed.addListener(everyChunk(told, "gone"));
        leaving.leave();
        moved.wakeEveryChunk();
        later.wakeAt(250_000_000L);
        feed.append(chunk(0, 100), false);
        feed.append(chunk(1, 100), false);
        assertThat(told).as("100 and 200 ms of audio").containsExactly("every", "every");
        told.clear();
        feed.append(chunk(2, 100), false);
        assertThat(told).as("300 ms of audio: past 250 ms").containsExactlyInAnyOrder("later", "every");
        told.clear();
        feed.append(chunk(3, 100), false);
        assertThat(told).as("later answered: not before the end of time").containsExactly("every");
        told.clear();
        feed.flush();
        assertThat(told).containsExactlyInAnyOrder("later flush", "every");
        feed.close();
    }

    @Test
    void theWakeUpAListenerAnswersWithIsWhenItIsToldNext() {
        LoopFeed feed = new LoopFeed(loop, 1 << 20, new MountStats());
        List<Long> toldAt = new ArrayList<>();
        feed.addListener(flush -> {
            toldAt.add(feed.audioNanos());
            return feed.audioNanos() + 250_000_000L;
        });
        for (int i = 0; i < 8; i++) {
            feed.append(chunk(i, 100), false);
        }
        assertThat(toldAt).as("every 250 ms of audio, in 100 ms chunks")
                .containsExactly(100_000_000L, 400_000_000L, 700_000_000L);
        feed.close();
    }

    @Test
    void bytesWrittenDuringAFanOutAreCountedOnceAtItsEnd() {
        MountStats stats = new MountStats();
        LoopFeed feed = new LoopFeed(loop, 1 << 20, stats);
        List<Long> countedWhileTold = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            feed.addListener(flush -> {
                countedWhileTold.add(stats.bytesSent());
                feed.sent(1000);
                return Long.MIN_VALUE;
            });
        }
        feed.append(chunk(0, 100), false);
        assertThat(countedWhileTold).containsExactly(0L, 0L, 0L);
        assertThat(stats.bytesSent()).isEqualTo(3000);
        feed.sent(500);
        assertThat(stats.bytesSent()).as("outside a fan-out: counted at once").isEqualTo(3500);
        feed.close();
    }

    @Test
    void relayLatencyIsTheWaitOfTheOldestChunkThatLeftInEachFanOut() {
        MountStats stats = new MountStats();
        LoopFeed feed = new LoopFeed(loop, 1 << 20, stats);
        long[] departFrom = {-1};
        feed.addListener(flush -> {
            if (departFrom[0] >= 0) {
                feed.departed(departFrom[0]);
            }
            return Long.MIN_VALUE;
        });
        long now = System.nanoTime();
        feed.append(chunkArrived(0, now - 300_000_000L), false);
        assertThat(stats.relayLatency().count()).as("nobody wrote: nothing departed").isZero();
        departFrom[0] = 0;
        feed.append(chunkArrived(1, now - 100_000_000L), false);
        assertThat(stats.relayLatency().count()).isEqualTo(1);
        assertThat(stats.relayLatency().maxNanos()).as("chunk 0 waited longest").isGreaterThanOrEqualTo(300_000_000L);
        feed.close();
    }

    @Test
    void aFlushIsPassedToEveryListener() {
        LoopFeed feed = new LoopFeed(loop, 1 << 20, new MountStats());
        List<Boolean> flushes = new ArrayList<>();
        feed.addListener(flush -> {
            flushes.add(flush);
            return Long.MIN_VALUE;
        });
        feed.append(chunk(0, 100), false);
        feed.flush();
        feed.append(chunk(1, 100), true);
        assertThat(flushes).containsExactly(false, true, true);
        feed.close();
    }

    @Test
    void aSpanJoinsTheChunksUpToTheLiveEdgeOnceForEveryListenerThatAsksForIt() {
        LoopFeed feed = new LoopFeed(loop, 1 << 20, new MountStats());
        for (int i = 0; i < 4; i++) {
            feed.append(numbered(i), false);
        }
        ByteBuf span = feed.span(1, 1000, ByteBufAllocator.DEFAULT);
        assertThat(ByteBufUtil.getBytes(span)).containsExactly(1, 1, 2, 2, 3, 3);
        ByteBuf other = feed.span(2, 1000, ByteBufAllocator.DEFAULT);
        assertThat(ByteBufUtil.getBytes(other)).containsExactly(2, 2, 3, 3);
        assertThat(feed.span(1, 1000, ByteBufAllocator.DEFAULT)).as("the same turn: the same buffer").isSameAs(span);
        assertThat(feed.span(2, 1000, ByteBufAllocator.DEFAULT)).isSameAs(other);
        feed.append(numbered(4), false);
        assertThat(span.refCnt()).as("a new chunk makes the spans out of date: released").isZero();
        assertThat(other.refCnt()).isZero();
        ByteBuf next = feed.span(2, 1000, ByteBufAllocator.DEFAULT);
        assertThat(ByteBufUtil.getBytes(next)).containsExactly(2, 2, 3, 3, 4, 4);
        assertThat(feed.span(0, 9, ByteBufAllocator.DEFAULT)).as("10 bytes from chunk 0: over the limit").isNull();
        feed.close();
        assertThat(next.refCnt()).as("closing releases the last span").isZero();
    }

    private static FeedListener everyChunk(List<String> told, String name) {
        return flush -> {
            told.add(name);
            return Long.MIN_VALUE;
        };
    }

    private static Chunk numbered(int sequence) {
        return new Chunk(sequence, Unpooled.directBuffer(2).writeByte(sequence).writeByte(sequence), 1, 26_000_000L,
                SilentFrames.defaultFormat(), System.nanoTime(), IcyMetadata.none());
    }

    private static Chunk chunkArrived(long sequence, long arrivalNanos) {
        return new Chunk(sequence, Unpooled.directBuffer(10).writeZero(10), 1, 26_000_000L, SilentFrames.defaultFormat(),
                arrivalNanos, IcyMetadata.none());
    }

    private static Chunk chunk(long sequence, int bytes) {
        return chunk(sequence, bytes, SilentFrames.defaultFormat());
    }

    private static Chunk chunk(long sequence, int bytes, FrameHeader format) {
        // 100 ms of audio each; the contents do not matter to the feed.
        return new Chunk(sequence, Unpooled.directBuffer(bytes).writeZero(bytes), 4, 100_000_000L, format, System.nanoTime(),
                IcyMetadata.none());
    }
}
