package io.relaycast.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The source timeout as Icecast keeps it: a source is dropped when a wait for its data comes back empty, not when the
 * idle timer happens to run before the reads that were waiting (as after the server itself was paused and resumed).
 */
class SourceIdleHandlerTest {

    private final SourceIdleHandler idle = new SourceIdleHandler(Duration.ofSeconds(10));
    private final List<Object> events = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(idle, new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            events.add(event);
        }
    });

    @Test
    void aTimeoutWithTheSourcesAudioWaitingToBeReadDropsNothing() {
        idle.channelIdle(channel.pipeline().context(idle), IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64}));
        channel.advanceTimeBy(SourceIdleHandler.RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(events).isEmpty();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aSourceThatStillSendsNothingTimesOut() {
        idle.channelIdle(channel.pipeline().context(idle), IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        channel.runScheduledPendingTasks();
        assertThat(events).as("not before the last look").isEmpty();
        channel.advanceTimeBy(SourceIdleHandler.RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(events).containsExactly(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        channel.finishAndReleaseAll();
    }
}
