package io.relaycast.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;

/**
 * Mixxx, the free DJ program, as an Icecast source, run headless. It streams what its mixer plays through libshout,
 * encoded by its own LAME, at its audio engine's sample rate. With no sound card it runs that engine on the clock of
 * its network stream, at its default 48000 Hz, so it needs no JACK server, only a display:
 * <ul>
 *   <li>an {@link Xvfb} of its own, and a settings folder of its own ({@code --settingsPath}, and HOME) holding a
 *   broadcast profile ({@code broadcast_profiles/relaycast.bcp.xml}, what Preferences → Live Broadcasting writes) and
 *   the master mix switched on, which an output device would have done;</li>
 *   <li>a first start asks two questions in dialogs, answered as a DJ would: which music library folder (Escape: none),
 *   and what to do without an output device (Return: Continue);</li>
 *   <li>it is driven by its keyboard shortcuts, sent by xdotool to its main window: Ctrl+L switches Live Broadcasting
 *   on and off, a deck's play key plays the track given on the command line. There is no window manager: the main
 *   window is given the input focus before each key ({@code xdotool key --window} reaches dialogs, not the shortcuts).
 *   </li>
 * </ul>
 * Mixxx's debug log (its stderr, in {@code target/program-logs}) shows what each step did. Close it to stop Mixxx and
 * the X server.
 */
public final class Mixxx implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration WINDOW_POLL = Duration.ofMillis(250);
    /** The play keys of Mixxx's default keyboard mapping ({@code en_US.kbd.cfg}), by the deck's group. */
    private static final Map<String, String> PLAY_KEYS = Map.of("[Channel1]", "d", "[Channel2]", "l");
    /** The deck a track given on the command line went into (deck 2 in Mixxx 2.3, but read, not assumed). */
    private static final Pattern LOADED = Pattern.compile("BaseTrackPlayerImpl::slotLoadTrack \"(\\[Channel\\d+])\"");
    private static final String BROADCASTING = "DlgPrefBroadcast - broadcastEnabledChanged() ";

    private final Path logs = Programs.DEFAULT_LOG_DIR;
    private final Xvfb xvfb;
    private final Map<String, String> environment;
    private Programs.Running program;
    private String mainWindow;
    private String playKey;

    private Mixxx(Xvfb xvfb, Path home) {
        this.xvfb = xvfb;
        this.environment = Map.of("DISPLAY", xvfb.display(), "HOME", home.toString());
    }

    /**
     * Mixxx set up to broadcast MP3 at 128 kbit/s, stereo, to an Icecast server on 127.0.0.1:{@code port} (Type
     * Icecast 2: SOURCE, through libshout), with {@code track} loaded in a deck, not yet on air nor playing. The titles
     * it sends are the track's own ({@code $artist - $title} from its tags).
     */
    public static Mixxx icecast(Path dir, int port, String password, String mount, Station station, Path track) {
        Path home = dir.resolve("mixxx-" + SEQUENCE.incrementAndGet());
        Path settings = home.resolve("settings");
        try {
            Path profiles = Files.createDirectories(settings.resolve("broadcast_profiles"));
            Files.writeString(profiles.resolve("relaycast.bcp.xml"), profile(port, password, mount, station));
            // The master mix (Preferences → Sound Hardware → Master Mix), which Mixxx turns on with an output device:
            // without one Mixxx would broadcast silence, its decks playing to nothing.
            Files.writeString(settings.resolve("mixxx.cfg"), "[Master]\nenabled 1\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write Mixxx's settings in " + settings, e);
        }
        Mixxx mixxx = new Mixxx(Xvfb.start(Programs.DEFAULT_LOG_DIR), home);
        try {
            mixxx.start(settings, track);
            return mixxx;
        } catch (RuntimeException | Error failed) {
            mixxx.close();
            throw failed;
        }
    }

    /** Switches Live Broadcasting on (Ctrl+L); returns once Mixxx has taken the switch, before it has connected. */
    public void goOnAir() {
        switchBroadcasting(1);
    }

    /** Switches Live Broadcasting off (Ctrl+L again): Mixxx disconnects. */
    public void goOffAir() {
        switchBroadcasting(0);
    }

    /** Plays the deck holding the track, with its play key. */
    public void play() {
        key(playKey);
    }

    /** Mixxx's log so far: its debug output. */
    public String log() {
        return Programs.read(program.stderr());
    }

    @Override
    public void close() {
        if (program != null) {
            program.terminate();
        }
        xvfb.close();
    }

    private void start(Path settings, Path track) {
        // --safeMode: no OpenGL waveforms nor spinning vinyl widgets, which Xvfb has no use for.
        program = Programs.start(logs, environment, List.of("mixxx", "--settingsPath", settings + "/", "--safeMode",
                "--logLevel", "debug", track.toString()));
        answer("Choose music library directory", "Escape");
        answer("No Output Devices", "Return");
        await("Mixxx showing its main window").atMost(START_TIMEOUT).until(() -> log().contains("Displaying main window"));
        // Its id is kept: once a track plays, Mixxx names the window after it ("Artist - Title | Mixxx").
        mainWindow = awaitWindow("--onlyvisible", "--name", "^Mixxx$");
        Matcher loaded = LOADED.matcher(log());
        if (!loaded.find() || !PLAY_KEYS.containsKey(loaded.group(1))) {
            throw new AssertionError("Mixxx did not load the track into deck 1 or 2; its log: " + program.stderr());
        }
        playKey = PLAY_KEYS.get(loaded.group(1));
        // A deck played before Mixxx has measured the track's loudness plays it 6 dB down (Mixxx's gain for a track with
        // no ReplayGain) and keeps that gain: the track is ready to play once measured.
        await("Mixxx measuring the track's ReplayGain").atMost(START_TIMEOUT)
                .until(() -> log().contains("ReplayGain 2.0 (libebur128) result is"));
    }

    /**
     * Waits for the dialog titled {@code title} and answers it with {@code key}. A window the search finds can be gone when
     * the key is sent (X's {@code BadWindow}: once in a CI run, as the dialog was being shown), so the search and the key
     * are tried again until a window of that title takes the key.
     */
    private void answer(String title, String key) {
        List<String> search = List.of("search", "--onlyvisible", "--name", title);
        awaitMixxx("the dialog \"" + title + "\" taking " + key).until(() -> {
            String dialog = firstWindow(search);
            return !dialog.isEmpty() && xdotool(List.of("key", "--window", dialog, key)).exitCode() == 0;
        });
    }

    /** Waits for a window {@code xdotool search} finds; returns its id. */
    private String awaitWindow(String... search) {
        List<String> command = new ArrayList<>(List.of("search"));
        command.addAll(List.of(search));
        return awaitMixxx("a window: xdotool " + String.join(" ", command)).until(() -> firstWindow(command),
                window -> !window.isEmpty());
    }

    private ConditionFactory awaitMixxx(String what) {
        return await(what).atMost(START_TIMEOUT).pollInterval(WINDOW_POLL)
                .failFast("Mixxx ended; its log: " + program.stderr(), () -> !program.process().isAlive());
    }

    /** The first window {@code xdotool search} finds now, or "". */
    private String firstWindow(List<String> search) {
        Programs.Result found = xdotool(search);
        return found.exitCode() == 0 ? found.stdoutText().lines().findFirst().orElse("") : "";
    }

    private void switchBroadcasting(int enabled) {
        long before = count(BROADCASTING + enabled);
        key("ctrl+l");
        await("Mixxx switching Live Broadcasting " + (enabled == 1 ? "on" : "off")).atMost(COMMAND_TIMEOUT)
                .until(() -> count(BROADCASTING + enabled) > before);
    }

    /**
     * Gives Mixxx's main window the focus and sends it {@code key}. The window found at start can be gone by then (X's
     * {@code BadWindow}: once in a CI run), so the main window is looked for again (titled "Mixxx", or "Artist - Title
     * | Mixxx" once a track plays) until one takes the key.
     */
    private void key(String key) {
        awaitMixxx("Mixxx's main window taking " + key).until(() -> {
            if (!mainWindow.isEmpty() && xdotool(List.of("windowfocus", "--sync", mainWindow, "key", key)).exitCode() == 0) {
                return true;
            }
            mainWindow = firstWindow(List.of("search", "--onlyvisible", "--name", "Mixxx$"));
            return false;
        });
    }

    private long count(String line) {
        return log().lines().filter(l -> l.contains(line)).count();
    }

    private Programs.Result xdotool(List<String> args) {
        List<String> command = new ArrayList<>(List.of("xdotool"));
        command.addAll(args);
        return Programs.run(logs, COMMAND_TIMEOUT, environment, command);
    }

    /**
     * A broadcast profile as Mixxx 2.3 writes it. {@code Servertype} is one of Mixxx's own names ({@code Icecast2},
     * {@code Icecast1}, {@code Shoutcast1}); {@code EnableMetadata} is "use custom metadata", off: the track's tags
     * go out as titles, in UTF-8 (the empty charset).
     */
    private static String profile(int port, String password, String mount, Station station) {
        return """
                <!DOCTYPE broadcastprofile>
                <BroadcastProfile>
                    <SecureCredentialsStorage>0</SecureCredentialsStorage>
                    <Enabled>1</Enabled>
                    <Host>127.0.0.1</Host>
                    <Port>%d</Port>
                    <Servertype>Icecast2</Servertype>
                    <Login>source</Login>
                    <Password>%s</Password>
                    <EnableReconnect>0</EnableReconnect>
                    <Mountpoint>%s</Mountpoint>
                    <StreamName>%s</StreamName>
                    <StreamDesc>%s</StreamDesc>
                    <StreamGenre>%s</StreamGenre>
                    <StreamPublic>0</StreamPublic>
                    <StreamWebsite>%s</StreamWebsite>
                    <Format>MP3</Format>
                    <Bitrate>128</Bitrate>
                    <Channels>2</Channels>
                    <EnableMetadata>0</EnableMetadata>
                    <MetadataCharset></MetadataCharset>
                    <MetadataFormat>$artist - $title</MetadataFormat>
                    <OggDynamicUpdate>0</OggDynamicUpdate>
                </BroadcastProfile>
                """.formatted(port, xml(password), xml(mount), xml(station.name()), xml(station.description()),
                xml(station.genre()), xml(station.url()));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
