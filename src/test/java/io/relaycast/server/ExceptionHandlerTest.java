package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.PrematureChannelClosureException;
import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class ExceptionHandlerTest {

    @Test
    void aRequestBodyCutShortIsTheEndOfAConnectionNotAnUnexpectedError() {
        // What the aggregator raises when a client (or the header timeout) closes the connection mid-body: one WARN
        // with a stack trace per such connection let any client flood the log.
        assertThat(ExceptionHandler.isConnectionNoise(
                new PrematureChannelClosureException("Channel closed while still aggregating message"))).isTrue();
    }

    @Test
    void resetsAreNoiseAndOtherFailuresAreNot() {
        assertThat(ExceptionHandler.isConnectionNoise(new SocketException("Connection reset"))).isTrue();
        assertThat(ExceptionHandler.isConnectionNoise(new IOException("Connection reset by peer"))).isTrue();
        assertThat(ExceptionHandler.isConnectionNoise(new IllegalStateException("bug"))).isFalse();
    }
}
