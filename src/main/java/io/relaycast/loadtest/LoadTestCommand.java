package io.relaycast.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code relaycast loadtest URL}: many simulated players against one stream (relaycast, Icecast or any HTTP stream
 * server), reporting what they experienced. Used by {@code scripts/bench.sh}; see docs/benchmark.md.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = "Opens many listener connections to a stream and reports served, failed, dropped, underruns, "
                + "time to first byte, frame-aligned starts and throughput.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:at least one listener was served", "1:no listener was served, or the server could not be "
                + "connected to (then nothing was run)", "2:invalid options"})
public final class LoadTestCommand implements Callable<Integer> {

    /** The exit code of a run that served no listener: its figures describe nothing the server did. */
    static final int NONE_SERVED = 1;

    @Parameters(index = "0", description = "Stream URL, e.g. http://127.0.0.1:8000/stream")
    URI url;

    @Option(names = "--listeners", defaultValue = "1000", description = "Listener connections to open.")
    int listeners;

    @Option(names = "--duration", defaultValue = "40", description = "Seconds the run lasts, from the first "
            + "connection: at least the ramp and two windows, so that the last listener has a window judged.")
    int duration;

    @Option(names = "--ramp", defaultValue = "1000", description = "Connections opened per second.")
    int ramp;

    @Option(names = "--bitrate", defaultValue = "128", description = "Nominal bitrate of the stream in kbit/s.")
    int bitrate;

    @Option(names = "--window", defaultValue = "5", description = "Seconds per underrun window.")
    int window;

    @Option(names = "--connect-timeout", defaultValue = "10", description = "Seconds a connection may take to open (at least 1).")
    int connectTimeout;

    @Option(names = "--local-addresses", split = ",", paramLabel = "IP",
            description = "Local addresses to spread connections over (e.g. 127.0.0.2,127.0.0.3) when ephemeral ports run out.")
    List<InetAddress> localAddresses = new ArrayList<>();

    @Option(names = "--busy-poll", description = "Poll the sockets in a loop instead of sleeping until data arrives: the "
            + "load core runs at 100%%, but the server no longer pays for waking the load generator (see docs/benchmark.md).")
    boolean busyPoll;

    @Option(names = "--loops", defaultValue = "1", paramLabel = "N", description = "Event loops (threads, each with its own "
            + "epoll) that share the listeners. Real players do not share one; on loopback the wake-ups of one loop holding "
            + "every socket are charged to the server (see docs/benchmark.md).")
    int loops;

    @Option(names = "--hold", defaultValue = "0", paramLabel = "SECONDS", description = "After the measured run, keep every "
            + "connection open this many seconds more before closing them (for probing the server with all listeners on); "
            + "stderr says when the measured run is over.")
    int hold;

    @Option(names = "--warm-up", defaultValue = "" + LoadTestSettings.WARM_UP_CONNECTIONS, paramLabel = "CONNECTIONS",
            description = "Before the run, play this many listener connections against a stream server inside the load "
                    + "generator (the server under test sees none), so that the load generator's own start-up is not "
                    + "counted as the server's time to first byte; 0: none.")
    int warmUp;

    @Option(names = "--icy-share", defaultValue = "0", paramLabel = "PERCENT", description = "Share of the listeners (0 to "
            + "100) that ask for ICY metadata (Icy-MetaData: 1) as VLC, mpv, ffplay and Winamp do; their metadata blocks are "
            + "skipped, counted neither as audio nor in the frame check.")
    int icyShare;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path json;

    @Option(names = "--json-stdout", description = "Print the report as JSON instead of the table.")
    boolean jsonStdout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        LoadTestSettings settings;
        try {
            settings = new LoadTestSettings(url, listeners, Duration.ofSeconds(duration), ramp, bitrate, localAddresses,
                    Duration.ofSeconds(connectTimeout), window, busyPoll, Duration.ofSeconds(hold), warmUp, loops,
                    icyShare);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage(), invalid);
        }
        Optional<String> unreachable = FirstConnect.problem(settings);
        if (unreachable.isPresent()) {
            spec.commandLine().getErr().println("relaycast loadtest: " + unreachable.get() + "; nothing was run");
            spec.commandLine().getErr().flush();
            return NONE_SERVED;
        }
        LoadTestReport report = new LoadTest(settings).run(measured -> {
            if (hold > 0) {
                spec.commandLine().getErr().println("measured run over: holding " + listeners + " connections for " + hold
                        + " s");
                spec.commandLine().getErr().flush();
            }
        });
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (json != null) {
            mapper.writeValue(json.toFile(), report);
        }
        if (jsonStdout) {
            spec.commandLine().getOut().println(mapper.writeValueAsString(report));
            spec.commandLine().getOut().flush();
        } else {
            report.printTable(spec.commandLine().getOut());
        }
        if (report.served() == 0) {
            spec.commandLine().getErr().println("relaycast loadtest: no listener was served (failures: " + report.failures()
                    + ")");
            spec.commandLine().getErr().flush();
            return NONE_SERVED;
        }
        return 0;
    }
}
