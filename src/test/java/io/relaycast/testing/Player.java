package io.relaycast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real media player (mpv, VLC) listening to a stream headless, as a listener's would, with its verbose log in
 * {@code target/program-logs}: what it shows (station, titles) and what it complains about are read from that log.
 * Close it to stop the player.
 */
public final class Player implements AutoCloseable {

    private static final Pattern MPV_POSITION = Pattern.compile("time-pos=([0-9]+(?:\\.[0-9]+)?)");
    /** VLC's lines from the modules that fetch, split and decode MP3 at warning or error level. */
    private static final Pattern VLC_STREAM_PROBLEM = Pattern.compile(
            "\\] (mpg123 decoder|mpegaudio demux packetizer|es demux|http stream) (warning|error): ");

    private final String name;
    private final Programs.Running running;
    private final Predicate<String> complaint;

    private Player(String name, Programs.Running running, Predicate<String> complaint) {
        this.name = name;
        this.running = running;
        this.complaint = complaint;
    }

    /**
     * mpv (through FFmpeg's HTTP client, as most Linux players), printing every tag it shows (icy-name, icy-title...) and
     * its playback position.
     */
    public static Player mpv(Path logDir, String url) {
        return new Player("mpv", Programs.start(logDir, List.of("mpv", "--no-config", "--no-video", "--ao=null",
                "--msg-level=all=v", "--display-tags=*", "--term-status-msg=time-pos=${=time-pos}", url)),
                line -> line.startsWith("[ffmpeg/audio]") || line.startsWith("[ffmpeg/demuxer]")
                        || line.contains("Error decoding") || line.startsWith("Exiting"));
    }

    /**
     * VLC (cvlc, no interface, a silent audio output). VLC refuses to run as root: as root it runs as {@code nobody},
     * with {@code logDir} as its home.
     */
    public static Player vlc(Path logDir, String url) {
        Programs.require("cvlc");
        List<String> command = new ArrayList<>(Programs.unprivileged());
        command.addAll(List.of("env", "HOME=" + logDir.toAbsolutePath(), "cvlc", "-A", "dummy", "--no-video", "--no-dbus",
                "--no-plugins-cache", "--verbose", "2", url));
        return new Player("vlc", Programs.start(logDir, command),
                line -> (VLC_STREAM_PROBLEM.matcher(line).find() && !line.contains("ICY metaint="))
                        || line.contains("parameters changed unexpectedly") || line.contains("got disconnected")
                        || line.contains("EOF reached"));
    }

    /** Everything the player printed so far (it logs titles in UTF-8; anything else shows as replacement characters). */
    public String log() {
        return read(running.stdout()) + read(running.stderr());
    }

    public boolean shows(String text) {
        return log().contains(text);
    }

    /** The lines that tell of a stream or decoding problem, or of the end of the stream. */
    public List<String> complaints() {
        return log().lines().filter(complaint).toList();
    }

    /** mpv's last reported playback position, in seconds (0 before it plays). */
    public double position() {
        Matcher matcher = MPV_POSITION.matcher(read(running.stderr()));
        double last = 0;
        while (matcher.find()) {
            last = Double.parseDouble(matcher.group(1));
        }
        return last;
    }

    public boolean isRunning() {
        return running.process().isAlive();
    }

    /** Where its log is, for failure messages. */
    @Override
    public String toString() {
        return name + " (log " + running.stdout() + ", " + running.stderr() + ")";
    }

    @Override
    public void close() {
        running.close();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
