package io.relaycast.loadtest;

/**
 * One second of a load test run, as the load generator lived it (see {@link LoadTimeline}).
 *
 * @param second       seconds since the start of the run, at the end of this second
 * @param open         connections opened so far
 * @param reads        reads that delivered bytes, over all listeners
 * @param bytes        bytes those reads delivered (response heads included)
 * @param maxLagMillis the most the load generator's event loop ran behind a due task during the second
 * @param cpuMillis    CPU the load generator's process used during the second
 */
public record LoadSecond(int second, int open, long reads, long bytes, double maxLagMillis, double cpuMillis) {
}
