package io.relaycast.mp3;

/**
 * Channel mode of an MPEG audio frame, in header bit order (00 stereo .. 11 mono).
 */
public enum ChannelMode {
    STEREO,
    JOINT_STEREO,
    DUAL_CHANNEL,
    MONO;

    /** Number of audio channels this mode carries. */
    public int channels() {
        return this == MONO ? 1 : 2;
    }
}
