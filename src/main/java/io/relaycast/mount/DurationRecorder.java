package io.relaycast.mount;

/**
 * Receives single durations measured on the hot path (time to first byte, relay latency), so that the metrics layer
 * can keep a real distribution while the mount package stays free of any metrics library.
 */
@FunctionalInterface
public interface DurationRecorder {

    /** Records nothing: the default until a metrics binder installs a recorder. */
    DurationRecorder NONE = nanos -> { };

    /** Records one duration in nanoseconds. Called on event loops: must be cheap and must not block. */
    void record(long nanos);
}
