package io.relaycast.icy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IcyMetadataTest {

    @Test
    void encodesTitleAndUrlPaddedToSixteenByteBlocks() {
        byte[] block = IcyMetadata.encode("Artist - Title", "http://example.com");
        String payload = "StreamTitle='Artist - Title';StreamUrl='http://example.com';";
        int blocks = payload.length() / 16 + 1;
        assertThat(block[0]).isEqualTo((byte) blocks);
        assertThat(block).hasSize(1 + blocks * 16);
        assertThat(new String(block, 1, payload.length(), StandardCharsets.UTF_8)).isEqualTo(payload);
        for (int i = 1 + payload.length(); i < block.length; i++) {
            assertThat(block[i]).as("padding byte %d", i).isZero();
        }
    }

    @Test
    void alwaysEndsWithANulBecauseIcecastRelaysDropTheLastByteOfEveryBlock() {
        // StreamTitle='abc'; is 18 bytes, StreamTitle='b'; exactly 16: the ';' must not be the block's last byte.
        for (String title : List.of("b", "abc", "x".repeat(17), "y".repeat(33))) {
            byte[] block = IcyMetadata.encode(title, "");
            assertThat(block[block.length - 1]).as("last byte for title %s", title).isZero();
            assertThat(payload(block)).isEqualTo("StreamTitle='" + title + "';");
        }
    }

    @Test
    void omitsStreamUrlWhenThereIsNone() {
        assertThat(payload(IcyMetadata.encode("Song", ""))).isEqualTo("StreamTitle='Song';");
    }

    @Test
    void sendsQuotesAndBackslashesAsTheyAreAsIcecastDoesForPlayersDoNotUnescape() {
        assertThat(payload(IcyMetadata.encode("Guns N' Roses - Don't Cry", ""))).isEqualTo(
                "StreamTitle='Guns N' Roses - Don't Cry';");
        assertThat(payload(IcyMetadata.encode("AC\\DC\\", ""))).isEqualTo("StreamTitle='AC\\DC\\';");
    }

    @Test
    void keepsUtf8AndDropsControlCharacters() {
        assertThat(payload(IcyMetadata.encode("Björk – Jóga\n", ""))).isEqualTo("StreamTitle='Björk – Jóga';");
    }

    @Test
    void truncatesHugeTitlesToTheLargestBlockOnACharacterBoundary() {
        byte[] block = IcyMetadata.encode("é".repeat(5000), "");
        assertThat(block[0] & 0xFF).isEqualTo(255);
        assertThat(block).hasSize(1 + 255 * 16);
        assertThat(block[block.length - 1]).as("still NUL-terminated").isZero();
        String text = payload(block);
        assertThat(text).startsWith("StreamTitle='é").endsWith("';").doesNotContain("\uFFFD");
    }

    @Test
    void sharedBlockSurvivesWritersReleasingTheirViews() {
        IcyMetadata metadata = IcyMetadata.of("Title", "");
        ByteBuf view = metadata.block();
        view.release();
        ByteBuf again = metadata.block();
        assertThat(again.readableBytes()).isEqualTo(1 + 16 * (again.getByte(0) & 0xFF));
    }

    private static String payload(byte[] block) {
        int end = block.length;
        while (end > 1 && block[end - 1] == 0) {
            end--;
        }
        return new String(block, 1, end - 1, StandardCharsets.UTF_8);
    }
}
