package io.relaycast.config;

import io.relaycast.mp3.SampleFormat;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One configured mount: created at startup (listeners may connect before any source), with its own source password
 * and what it plays while no live source is connected.
 *
 * @param path           the mount, e.g. "/live"
 * @param password       source password for this mount only, or null for the server's
 * @param playlist       folder of MP3 files, .m3u/.m3u8 or .pls played as fallback, or null for none
 * @param shuffle        play the playlist shuffled (no repeat until all played) rather than in order
 * @param resume         what the playlist does when a live source leaves
 * @param fallbackMount  another mount relayed while this one has no live source (before its own playlist), or null
 * @param rescan         how often the playlist is read again for changes
 * @param relay          an origin stream ({@code http://host:port/mount} of Icecast or relaycast, or {@code https://})
 *                       this mount pulls and plays as its live input, reconnecting whenever it drops, or null
 * @param station        the mount's name, description, genre, URL and directory flag as listeners see them, over what
 *                       a live source says ({@link StationInfo#NONE}, or null, for none)
 * @param listeners      the mount's own listener limit, burst size and listening time limit ({@link ListenerRules#NONE},
 *                       or null, for the server's)
 * @param hidden         left out of the public status (status-json.xsl, the web page), as Icecast's {@code <hidden>};
 *                       the admin still sees it and listeners can still connect
 * @param sourceActions  programs run and the recording made while a live source is connected ({@link SourceActions#NONE},
 *                       or null, for none)
 * @param relayOnDemand  with {@code relay}: pull the origin only while the mount has listeners (Icecast's
 *                       {@code <on-demand>}), rather than all the time
 * @param conform        re-encode (with ffmpeg) a live source or playlist track that would change the stream's format:
 *                       another sample rate than the stream's, or stereo in a mono stream
 * @param format         the stream's declared format ({@code sample-rate}, {@code channels}): the format of the server's
 *                       silence before any audio, and what {@code conform} holds every input to from the first; null for
 *                       none (the first audio sets the stream's format)
 * @param username       the user its sources log in as (Icecast's {@code <username>}), or null for {@code source}
 * @param sourceAuthUrl  the station's web backend that decides who may stream to the mount (Icecast's URL
 *                       authentication {@code stream_auth}), instead of the passwords, or null for none
 * @param charset        the charset its sources write their texts in when they do not say (Icecast's {@code <charset>}):
 *                       title updates without {@code charset=}, {@code icy-*} headers that are not UTF-8; null for
 *                       ISO-8859-1
 */
public record MountConfig(String path, String password, Path playlist, boolean shuffle, Resume resume, String fallbackMount,
                          Duration rescan, URI relay, StationInfo station, ListenerRules listeners, boolean hidden,
                          SourceActions sourceActions, boolean relayOnDemand, boolean conform, SampleFormat format,
                          String username, URI sourceAuthUrl, Charset charset) {

    /** No limit of the mount's own, as Icecast's {@code <max-listeners>-1</max-listeners>}. */
    public static final int NO_LIMIT = ListenerRules.NO_LIMIT;

    /** The default mount that {@code --playlist} applies to. */
    public static final String DEFAULT_MOUNT = "/live";
    public static final Duration DEFAULT_RESCAN = Duration.ofSeconds(10);

    /** Where the playlist goes on after a live source left. */
    public enum Resume {
        /** Where it paused, mid-track (the default). */
        CONTINUE,
        /** With the next track. */
        NEXT_TRACK
    }

    public MountConfig {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("mount path must start with / and name a mount: " + path);
        }
        if (password != null && password.isBlank()) {
            throw new IllegalArgumentException("password of " + path + " must not be empty (leave it out for the source "
                    + "password)");
        }
        if (username != null && (username.isBlank() || username.indexOf(':') >= 0)) {
            throw new IllegalArgumentException("username of " + path + " must not be empty or hold a ':' (leave it out for "
                    + "user source): " + username);
        }
        if (fallbackMount != null && (!fallbackMount.startsWith("/") || fallbackMount.equals(path))) {
            throw new IllegalArgumentException("fallback mount of " + path + " must be another mount path: " + fallbackMount);
        }
        ListenerAuth.requireHttpUrl("source-auth-url of " + path, sourceAuthUrl);
        if (relay != null && !Relaying.isOriginUrl(relay)) {
            throw new IllegalArgumentException("relay of " + path + " must be an http:// or https:// URL with a host: "
                    + relay);
        }
        resume = resume == null ? Resume.CONTINUE : resume;
        rescan = rescan == null || rescan.isZero() || rescan.isNegative() ? DEFAULT_RESCAN : rescan;
        station = station == null ? StationInfo.NONE : station;
        listeners = listeners == null ? ListenerRules.NONE : listeners;
        sourceActions = sourceActions == null ? SourceActions.NONE : sourceActions;
    }

    /** A mount whose sources' texts are UTF-8 or ISO-8859-1. */
    public MountConfig(String path, String password, Path playlist, boolean shuffle, Resume resume, String fallbackMount,
                       Duration rescan, URI relay, StationInfo station, ListenerRules listeners, boolean hidden,
                       SourceActions sourceActions, boolean relayOnDemand, boolean conform, SampleFormat format,
                       String username, URI sourceAuthUrl) {
        this(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, listeners, hidden,
                sourceActions, relayOnDemand, conform, format, username, sourceAuthUrl, null);
    }

    /** A mount whose sources log in with its passwords. */
    public MountConfig(String path, String password, Path playlist, boolean shuffle, Resume resume, String fallbackMount,
                       Duration rescan, URI relay, StationInfo station, ListenerRules listeners, boolean hidden,
                       SourceActions sourceActions, boolean relayOnDemand, boolean conform, SampleFormat format,
                       String username) {
        this(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, listeners, hidden,
                sourceActions, relayOnDemand, conform, format, username, null);
    }

    /** A mount whose sources log in as user {@code source}. */
    public MountConfig(String path, String password, Path playlist, boolean shuffle, Resume resume, String fallbackMount,
                       Duration rescan, URI relay, StationInfo station, ListenerRules listeners, boolean hidden,
                       SourceActions sourceActions, boolean relayOnDemand, boolean conform, SampleFormat format) {
        this(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, listeners, hidden,
                sourceActions, relayOnDemand, conform, format, null);
    }

    /** A mount whose stream's format is set by its first audio. */
    public MountConfig(String path, String password, Path playlist, boolean shuffle, Resume resume, String fallbackMount,
                       Duration rescan, URI relay, StationInfo station, ListenerRules listeners, boolean hidden,
                       SourceActions sourceActions, boolean relayOnDemand, boolean conform) {
        this(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, listeners, hidden,
                sourceActions, relayOnDemand, conform, null);
    }

    /** A mount whose live sources go out as they come. */
    public MountConfig(String path, String password, Path playlist, boolean shuffle, Resume resume, String fallbackMount,
                       Duration rescan, URI relay, StationInfo station, ListenerRules listeners, boolean hidden,
                       SourceActions sourceActions, boolean relayOnDemand) {
        this(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, listeners, hidden,
                sourceActions, relayOnDemand, false);
    }

    /** A mount whose relay, if any, pulls all the time, and whose live sources go out as they come. */
    public MountConfig(String path, String password, Path playlist, boolean shuffle, Resume resume, String fallbackMount,
                       Duration rescan, URI relay, StationInfo station, ListenerRules listeners, boolean hidden,
                       SourceActions sourceActions) {
        this(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, listeners, hidden,
                sourceActions, false, false);
    }

    /** A mount that neither runs programs nor records. */
    public MountConfig(String path, String password, Path playlist, boolean shuffle, Resume resume, String fallbackMount,
                       Duration rescan, URI relay, StationInfo station, ListenerRules listeners, boolean hidden) {
        this(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, listeners, hidden, null);
    }

    /** A listed mount with the server's listener settings. */
    public MountConfig(String path, String password, Path playlist, boolean shuffle, Resume resume, String fallbackMount,
                       Duration rescan, URI relay, StationInfo station) {
        this(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, ListenerRules.NONE, false,
                null);
    }

    /** A mount with nothing but its path set. */
    public static MountConfig of(String path) {
        return new MountConfig(path, null, null, false, null, null, null, null, null);
    }

    /** A mount with a playlist and the defaults. */
    public static MountConfig withPlaylist(String path, Path playlist) {
        return new MountConfig(path, null, playlist, false, Resume.CONTINUE, null, DEFAULT_RESCAN, null, null);
    }

    /** This mount playing {@code newPlaylist} (from the command line), the rest as it was. */
    public MountConfig withPlaylist(Path newPlaylist, boolean newShuffle, Resume newResume) {
        return new MountConfig(path, password, newPlaylist, newShuffle, newResume, fallbackMount, rescan, relay, station,
                listeners, hidden, sourceActions, relayOnDemand, conform, format, username, sourceAuthUrl, charset);
    }

    /** This mount pulling {@code origin} (from the command line), the rest as it was. */
    public MountConfig withRelay(URI origin) {
        return new MountConfig(path, password, playlist, shuffle, resume, fallbackMount, rescan, origin, station, listeners,
                hidden, sourceActions, relayOnDemand, conform, format, username, sourceAuthUrl, charset);
    }

    /** This mount re-encoding live sources that would change the stream's format (from the command line), or not. */
    public MountConfig withConform(boolean reencode) {
        return new MountConfig(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, listeners,
                hidden, sourceActions, relayOnDemand, reencode, format, username, sourceAuthUrl, charset);
    }

    /** This mount with {@code declared} as its stream's format (from the command line), the rest as it was. */
    public MountConfig withFormat(SampleFormat declared) {
        return new MountConfig(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station, listeners,
                hidden, sourceActions, relayOnDemand, conform, declared, username, sourceAuthUrl, charset);
    }

    /**
     * These settings for the mount at {@code mountPath} (a mount {@link MountDefaults} set up): a fallback mount (and
     * where a full mount sends its listeners) that would be the mount itself is left out.
     */
    public MountConfig forPath(String mountPath) {
        boolean ownFallback = mountPath.equals(fallbackMount);
        ListenerRules rules = ownFallback && mountPath.equals(listeners.overflowMount())
                ? listeners.withOverflowMount(null) : listeners;
        return new MountConfig(mountPath, password, playlist, shuffle, resume, ownFallback ? null : fallbackMount, rescan,
                relay, station, rules, hidden, sourceActions, relayOnDemand, conform, format, username, sourceAuthUrl, charset);
    }

    public boolean hasFallback() {
        return playlist != null || fallbackMount != null;
    }
}
