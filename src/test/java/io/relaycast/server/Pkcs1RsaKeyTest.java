package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** DER lengths as PKCS#8 needs them around a PKCS#1 key of any size. */
class Pkcs1RsaKeyTest {

    @Test
    void aLengthBelow128IsOneByte() {
        assertThat(Pkcs1RsaKey.length(127)).containsExactly(0x7f);
    }

    @Test
    void aLengthOf128OrMoreIsItsByteCountThenItsBigEndianBytes() {
        assertThat(Pkcs1RsaKey.length(128)).containsExactly(0x81, 0x80);
        assertThat(Pkcs1RsaKey.length(1217)).containsExactly(0x82, 0x04, 0xc1);
        assertThat(Pkcs1RsaKey.length(70_000)).containsExactly(0x83, 0x01, 0x11, 0x70);
    }
}
