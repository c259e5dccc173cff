package io.relaycast.loadtest;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a run, as printed and as written to JSON (field names are the JSON names). Every listener ends up
 * in exactly one of served, failed and droppedEarly.
 *
 * @param url                 the stream
 * @param listeners           connections attempted
 * @param durationSeconds     length of the run
 * @param rampPerSecond       connections opened per second
 * @param bitrateKbps         nominal bitrate the underrun rule used
 * @param served              got a 200 and audio, and were still connected at the end
 * @param failed              never got audio: connect error, a status other than 200, closed or silent before audio
 * @param droppedEarly        got audio, then the server closed the connection before the end
 * @param underrunListeners   listeners with at least one window (after the first) below 90% of the nominal bitrate
 * @param underrunWindows     such windows over all listeners
 * @param judgedWindows       windows judged over all listeners (every one that ended, after each listener's first): with
 *                            none, no underrun means nothing
 * @param windowSeconds       length of a window
 * @param ttfbMillis          time from starting to connect to the first audio byte, over listeners that got one
 * @param frameAligned        how many starts began on a frame header whose next header chained
 * @param icyListeners        listeners whose answer carried {@code icy-metaint} (they asked with {@code --icy-share}):
 *                            their metadata blocks were skipped, counted neither as audio nor in the frame check
 * @param totalBytes          audio bytes received by all listeners
 * @param throughputMbps      totalBytes over the run, in Mbit/s
 * @param failures            failed listeners by reason
 * @param loadCpuSeconds      CPU the load generator itself used, to show it was not the bottleneck
 * @param loadLoops           event loops the load generator read its listeners with
 * @param loadMaxLoopLagMillis the most the load generator's event loop ran behind; a loop far behind reads late, and
 *                            its listeners count that lateness as underruns
 * @param loadSecondsBehind   seconds in which that loop ran more than 100 ms behind
 * @param timeline            the run second by second, as the load generator lived it
 */
public record LoadTestReport(String url, int listeners, double durationSeconds, int rampPerSecond, int bitrateKbps,
                             int served, int failed, int droppedEarly, int underrunListeners, long underrunWindows,
                             long judgedWindows, int windowSeconds, Latency ttfbMillis, Alignment frameAligned,
                             int icyListeners, long totalBytes,
                             double throughputMbps, Map<String, Integer> failures, double loadCpuSeconds,
                             int loadLoops, double loadMaxLoopLagMillis, int loadSecondsBehind, List<LoadSecond> timeline) {

    public LoadTestReport {
        timeline = List.copyOf(timeline);
    }

    /**
     * Percentiles of a latency.
     *
     * @param count samples
     * @param p50   median, ms
     * @param p99   99th percentile, ms
     * @param max   maximum, ms
     */
    public record Latency(int count, double p50, double p99, double max) {

        static Latency ofNanos(Percentiles nanos) {
            return new Latency(nanos.count(), millis(nanos.percentile(50)), millis(nanos.percentile(99)), millis(nanos.max()));
        }

        private static double millis(long nanos) {
            return nanos < 0 ? -1 : Math.round(nanos / 10_000.0) / 100.0;
        }
    }

    /**
     * Frame alignment of the listeners' first audio bytes.
     *
     * @param checked listeners that received enough audio to judge
     * @param aligned of those, the ones that began on a frame header with the next header where it belongs
     * @param share   aligned / checked (0 when none was checked)
     */
    public record Alignment(int checked, int aligned, double share) {

        static Alignment of(int checked, int aligned) {
            return new Alignment(checked, aligned, checked == 0 ? 0 : aligned / (double) checked);
        }
    }

    /** The human-readable table. */
    public void printTable(PrintWriter out) {
        out.printf(Locale.ROOT, "%s: %d listeners, %d/s ramp, %.0f s, %d kbit/s%n", url, listeners, rampPerSecond,
                durationSeconds, bitrateKbps);
        row(out, "served", served + " / " + listeners);
        row(out, "failed", Integer.toString(failed));
        row(out, "dropped early", Integer.toString(droppedEarly));
        row(out, "with an underrun", String.format(Locale.ROOT, "%d (%d windows of %d s under %.0f%% of %d kbit/s)",
                underrunListeners, underrunWindows, windowSeconds, UnderrunWindows.REQUIRED_SHARE * 100, bitrateKbps));
        row(out, "windows judged", Long.toString(judgedWindows));
        if (judgedWindows == 0) {
            out.println("  no underrun window was judged (a listener's first is exempt, its last unfinished): "
                    + "no underrun says nothing");
        }
        row(out, "TTFB p50 / p99 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms (%d listeners)", ttfbMillis.p50(),
                ttfbMillis.p99(), ttfbMillis.max(), ttfbMillis.count()));
        row(out, "frame-aligned starts", String.format(Locale.ROOT, "%d / %d (%.1f%%)", frameAligned.aligned(),
                frameAligned.checked(), frameAligned.share() * 100));
        row(out, "with ICY metadata", Integer.toString(icyListeners));
        row(out, "throughput", String.format(Locale.ROOT, "%.1f Mbit/s (%d bytes)", throughputMbps, totalBytes));
        row(out, "load generator CPU", String.format(Locale.ROOT, "%.1f s (%d event loop%s)", loadCpuSeconds, loadLoops,
                loadLoops == 1 ? "" : "s"));
        row(out, "load generator behind", String.format(Locale.ROOT, "at most %.1f ms, %d s more than %.0f ms",
                loadMaxLoopLagMillis, loadSecondsBehind, LoadTest.BEHIND_MILLIS));
        if (loadSecondsBehind > 0) {
            out.println("  the load generator fell behind: some underruns may be its own late reads, not the server's");
        }
        failures.forEach((reason, count) -> row(out, "failed: " + reason, Integer.toString(count)));
        out.flush();
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf(Locale.ROOT, "  %-24s %s%n", name, value);
    }
}
