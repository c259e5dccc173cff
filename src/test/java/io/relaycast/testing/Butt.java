package io.relaycast.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * butt ("broadcast using this tool"), the desktop encoder many DJs stream with, run headless. It has its own Icecast and
 * SHOUTcast client code (not libshout) and is an FLTK program that needs a display and a sound card:
 * <ul>
 *   <li>the display is an {@link Xvfb} of its own;</li>
 *   <li>the sound card is a JACK server with the dummy driver, which runs in real time as a card does (ALSA's
 *   {@code null} device would do too, but gives silence as fast as it is read: butt then streams at 38 times real
 *   time), and a JACK metronome sounds a tone into butt's inputs, so what it streams is not silence;</li>
 *   <li>butt is driven as a station's scripts drive it, through its command server ({@code butt -p PORT -s}, {@code -d},
 *   {@code -u TITLE}, {@code -S}).</li>
 * </ul>
 * Close it to stop butt, the metronome, the JACK server and the X server.
 */
public final class Butt implements AutoCloseable {

    /** The metronome's tempo: a beat every 200 ms. */
    private static final int BEATS_PER_MINUTE = 300;
    /**
     * How long each beat's tone lasts: 190 of the 200 ms (jack_metro needs some rest), an almost steady tone. Short beeps
     * between silences would make butt drop its TLS connection now and then: where a beep ends, LAME may give nothing for
     * one of butt's 50 ms blocks (once in about 40 s of audio), butt hands those 0 bytes to OpenSSL's SSL_write, which
     * fails, and butt takes that for a lost connection and reconnects. Over plain TCP the empty send does no harm.
     */
    private static final int TONE_MS = 190;
    private static final String METRONOME = "metronome";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STATUS_INTERVAL = Duration.ofMillis(1100);

    /** Where the programs' output goes: {@code target/program-logs}, to be read after a failure in CI. */
    private final Path logs;
    private final int commandPort;
    private final List<Programs.Running> programs;

    private Butt(Path logs, int commandPort, List<Programs.Running> programs) {
        this.logs = logs;
        this.commandPort = commandPort;
        this.programs = programs;
    }

    /**
     * butt set up for an Icecast server on 127.0.0.1:{@code port} (Type Icecast: PUT, falling back to SOURCE), not yet
     * connected; its title comes from {@code songFile} when given (Settings → Stream → Update song name from file).
     */
    public static Butt icecast(Path dir, int port, String password, String mount, Station station, Path songFile) {
        return start(dir, config(1, "127.0.0.1", port, password, mount, "source", station, songFile, null));
    }

    /**
     * butt set up for an Icecast server's TLS port on localhost:{@code tlsPort} (the server entry's Use SSL/TLS), not yet
     * connected, trusting the certificate in {@code caFile} ({@code [tls] cert_file}, CA Certificate File in the
     * settings). butt checks the certificate itself, and the name it connected to by DNS name only (OpenSSL's
     * {@code X509_check_host}): the certificate must name {@code localhost}. One it cannot check would stop it at a
     * dialog asking whether to trust it anyway.
     */
    public static Butt icecastOverTls(Path dir, int tlsPort, String password, String mount, Station station, Path caFile) {
        return start(dir, config(1, "localhost", tlsPort, password, mount, "source", station, null, caFile));
    }

    /**
     * butt set up for a SHOUTcast v1 server whose HTTP port is {@code port} (Type SHOUTcast: butt logs in on
     * {@code port + 1}), not yet connected.
     */
    public static Butt shoutcast(Path dir, int port, String password, Station station, Path songFile) {
        return start(dir, config(0, "127.0.0.1", port, password, "(none)", "(none)", station, songFile, null));
    }

    /** Connects to the server, as the play button does ({@code butt -s}). */
    public void connect() {
        command("-s");
    }

    /** Disconnects from the server, as the stop button does ({@code butt -d}). */
    public void disconnect() {
        command("-d");
    }

    /** Sends a new title to the server, as the song field does ({@code butt -u TITLE}). */
    public void updateSong(String title) {
        command("-u", title);
    }

    /**
     * Waits until butt's status ({@code butt -S}) gives {@code value} for {@code key}: {@code connected}, {@code song},
     * {@code listeners} (the count butt reads from the server's statistics every 3 s, -1 when it cannot),
     * {@code signal present} and the others, as butt names them. butt answers one status request a second.
     */
    public void awaitStatus(String key, String value, Duration atMost) {
        await("butt's status saying " + key + ": " + value).atMost(atMost).pollDelay(STATUS_INTERVAL)
                .pollInterval(STATUS_INTERVAL).until(() -> value.equals(status().get(key)));
    }

    /** butt's status, or nothing if it did not answer (a second request within a second is refused). */
    private Map<String, String> status() {
        Programs.Result result = Programs.run(logs, COMMAND_TIMEOUT, List.of("butt", "-p", String.valueOf(commandPort), "-S"));
        Map<String, String> status = new LinkedHashMap<>();
        if (result.exitCode() != 0) {
            return status;
        }
        for (String line : result.stdoutText().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                status.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        return status;
    }

    private Programs.Result command(String... args) {
        List<String> command = new ArrayList<>(List.of("butt", "-p", String.valueOf(commandPort)));
        command.addAll(List.of(args));
        return Programs.run(logs, COMMAND_TIMEOUT, command).assertSuccess();
    }

    @Override
    public void close() {
        List<Programs.Running> lastFirst = new ArrayList<>(programs);
        Collections.reverse(lastFirst);
        lastFirst.forEach(Programs.Running::terminate);
    }

    private static Butt start(Path dir, String config) {
        int n = SEQUENCE.incrementAndGet();
        Path logs = Programs.DEFAULT_LOG_DIR;
        // butt's log window (connections, errors, reconnections), in a file next to the programs' output.
        Path logFile = logs.resolve("butt-" + ProcessHandle.current().pid() + "-" + n + ".log");
        Path configFile = write(dir.resolve("butt-" + n + ".cfg"),
                config.replace("[main]\n", "[main]\nlog_file = " + logFile.toAbsolutePath() + "\n"));
        Butt butt = new Butt(logs, FreePorts.pick(), new ArrayList<>());
        try {
            Xvfb xvfb = Xvfb.start(logs);
            butt.programs.add(xvfb.server());
            String display = xvfb.display();
            String jackServer = "relaycast-test-" + ProcessHandle.current().pid() + "-" + n;
            Map<String, String> jack = Map.of("JACK_DEFAULT_SERVER", jackServer);
            butt.programs.add(Programs.start(logs, List.of("jackd", "--no-realtime", "-n", jackServer, "-d", "dummy", "-r",
                    "44100", "-p", "1024")));
            Programs.run(logs, Duration.ofSeconds(20), List.of("jack_wait", "-s", jackServer, "-w", "-t", "15")).assertSuccess();
            butt.programs.add(Programs.start(logs, jack, List.of("jack_metro", "-n", METRONOME, "-b",
                    String.valueOf(BEATS_PER_MINUTE), "-f", "880", "-A", "0.5", "-D", String.valueOf(TONE_MS))));
            // HOME too: butt (ALSA, its default record folder) reads nothing of the user running the tests.
            Map<String, String> environment = Map.of("DISPLAY", display, "JACK_DEFAULT_SERVER", jackServer,
                    "HOME", dir.toString());
            Programs.Running program = Programs.start(logs, environment, List.of("butt", "-c", configFile.toString(), "-p",
                    String.valueOf(butt.commandPort)));
            butt.programs.add(program);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Programs.read(program.stdout()).contains("Command server listening"));
            // butt opens its audio device (PortAudio's JACK client) at start: the metronome goes into both its inputs.
            String beats = METRONOME + ":" + BEATS_PER_MINUTE + "_bpm";
            for (String input : List.of("PortAudio:in_0", "PortAudio:in_1")) {
                List<String> connect = List.of("jack_connect", beats, input);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Programs.run(logs, COMMAND_TIMEOUT, jack, connect).exitCode() == 0);
            }
            return butt;
        } catch (RuntimeException | Error failed) {
            butt.close();
            throw failed;
        }
    }

    /**
     * butt's config file (the INI-like file butt writes itself): one server, one stream info entry, MP3 at 128 kbit/s
     * from the default audio device (JACK's, here), the listener count shown; over TLS when {@code caFile} is given,
     * trusting the certificates in it.
     */
    private static String config(int type, String address, int port, String password, String mount, String user,
                                 Station station, Path songFile, Path caFile) {
        return """
                [main]
                server = relaycast
                srv_ent = relaycast
                icy = %s
                icy_ent = %s
                num_of_srv = 1
                num_of_icy = 1
                connect_at_startup = 0
                check_for_update = 0
                song_update = %d
                song_path = %s

                [audio]
                device = 0
                samplerate = 44100
                bitrate = 128
                channel = 2
                codec = mp3

                [gui]
                show_listeners = 1

                [tls]
                cert_file = %s
                cert_dir =

                [relaycast]
                address = %s
                port = %d
                password = %s
                type = %d
                tls = %d
                mount = %s
                usr = %s

                [%s]
                pub = 0
                description = %s
                genre = %s
                url = %s
                """.formatted(station.name(), station.name(), songFile == null ? 0 : 1, songFile == null ? "" : songFile,
                caFile == null ? "" : caFile, address, port, password, type, caFile == null ? 0 : 1, mount, user, station.name(),
                station.description(), station.genre(), station.url());
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
