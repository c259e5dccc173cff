package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Tag headers are judged from their own bytes only. */
class TagsTest {

    @Test
    void anId3v2HeaderWithAnExtendedHeaderFlagButAShorterBodyIsNoTagNotAnError() {
        byte[] tag = {'I', 'D', '3', 3, 0, 0x40, 0, 0, 0, 2, 0, 0};

        assertThat(Tags.length(Unpooled.wrappedBuffer(tag), 0)).isEqualTo(Tags.NONE);
    }
}
