package io.relaycast.mount;

import io.relaycast.mp3.FrameHeader;

/**
 * The deadline clock of a paced input: the next frame is due at the start time plus the exact playing time of every
 * frame sent since, counted in samples (not in rounded per-frame nanoseconds), so it cannot drift however long it runs,
 * whatever the bitrate. A sample-rate change moves the base to the current deadline; whole seconds are folded into the
 * base so the sample count never overflows.
 */
final class FrameClock {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private long baseNanos;
    private long samples;
    private int sampleRate;

    /** Starts counting again from {@code nowNanos}: the next frame is due now. */
    void rebase(long nowNanos) {
        baseNanos = nowNanos;
        samples = 0;
    }

    /** When the next frame is due. */
    long due() {
        return sampleRate == 0 ? baseNanos : baseNanos + samples * NANOS_PER_SECOND / sampleRate;
    }

    /** Counts one frame just sent. */
    void advance(FrameHeader header) {
        if (header.sampleRate() != sampleRate) {
            baseNanos = due();
            samples = 0;
            sampleRate = header.sampleRate();
        }
        samples += header.samplesPerFrame();
        if (samples >= sampleRate) {
            long seconds = samples / sampleRate;
            baseNanos += seconds * NANOS_PER_SECOND;
            samples -= seconds * sampleRate;
        }
    }
}
