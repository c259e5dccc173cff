package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the end of a client's input does to a connection that is not a listener (see {@link HalfCloseTest}). */
class InputEndHandlerTest {

    private EmbeddedChannel channel;

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aConnectionWaitingForItsRequestClosesWhenItsInputEnds() {
        channel = new EmbeddedChannel(new HeaderTimeoutHandler(Duration.ofSeconds(30), new RequestStats(), new ConnectionGate()),
                new InputEndHandler());
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRequestStillBeingAnsweredIsNotCutShort() {
        // A listener waiting for its authentication backend, an answer computed off the event loop.
        channel = new EmbeddedChannel(new HeaderTimeoutHandler(Duration.ofSeconds(30), new RequestStats(), new ConnectionGate()),
                new InputEndHandler());
        HeaderTimeoutHandler.disarm(channel.pipeline().firstContext());
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aConnectionPastItsRequestClosesWhenItsInputEnds() {
        // A source: its input's end is the end of its stream.
        channel = new EmbeddedChannel(new InputEndHandler());
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(channel.isOpen()).isFalse();
    }
}
