package io.relaycast.status;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * Icecast's {@code ice-audio-info} value, {@code bitrate=128;channels=2;samplerate=44100}: parsed leniently (sources
 * write it in any order, with extra keys), written in Icecast's order.
 *
 * @param bitrate    kbit/s or null
 * @param channels   channels or null
 * @param samplerate Hz or null
 */
record AudioInfo(Integer bitrate, Integer channels, Integer samplerate) {

    static AudioInfo parse(String value) {
        Integer bitrate = null;
        Integer channels = null;
        Integer samplerate = null;
        for (String pair : value.split("[;&]")) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            Integer number = StatusReport.parseInt(pair.substring(equals + 1));
            switch (key) {
                case "bitrate", "ice-bitrate" -> bitrate = number;
                case "channels", "ice-channels" -> channels = number;
                case "samplerate", "ice-samplerate" -> samplerate = number;
                default -> {
                    // other keys (quality, ...) are not reported
                }
            }
        }
        return new AudioInfo(bitrate, channels, samplerate);
    }

    /** Icecast's form of the values known, or null when none is. */
    static String format(Integer bitrate, Integer channels, Integer samplerate) {
        StringJoiner joined = new StringJoiner(";");
        if (bitrate != null) {
            joined.add("bitrate=" + bitrate);
        }
        if (channels != null) {
            joined.add("channels=" + channels);
        }
        if (samplerate != null) {
            joined.add("samplerate=" + samplerate);
        }
        return joined.length() == 0 ? null : joined.toString();
    }
}
