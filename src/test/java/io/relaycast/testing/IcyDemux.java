package io.relaycast.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a received ICY stream into its audio and its metadata texts, as a player does. */
public final class IcyDemux {

    private IcyDemux() {
    }

    /** Every metadata block's text in {@code wire} so far (the last one may be cut short). */
    public static List<String> titles(byte[] wire, int metaint) {
        List<String> titles = new ArrayList<>();
        audio(wire, metaint, titles);
        return titles;
    }

    /** The audio bytes; every metadata block's text (NULs removed, empty for a zero block) is added to {@code titles}. */
    public static byte[] audio(byte[] wire, int metaint, List<String> titles) {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        int offset = 0;
        while (offset < wire.length) {
            int take = Math.min(metaint, wire.length - offset);
            audio.write(wire, offset, take);
            offset += take;
            if (offset >= wire.length) {
                break;
            }
            int length = (wire[offset] & 0xFF) * 16;
            int available = Math.min(length, wire.length - offset - 1);
            titles.add(new String(wire, offset + 1, available, StandardCharsets.UTF_8).replace("\0", ""));
            offset += 1 + length;
        }
        return audio.toByteArray();
    }
}
