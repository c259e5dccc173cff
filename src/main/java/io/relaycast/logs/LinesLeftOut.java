package io.relaycast.logs;

/**
 * A log that leaves lines out, and counts them, rather than hold them in memory while the disk is behind. Metrics read
 * the count from the log itself, which the server holds as long as it runs; the registry holds what it reads weakly.
 */
public interface LinesLeftOut {

    /** Lines left out since the start because the disk was behind. Any thread. */
    long leftOutLines();
}
