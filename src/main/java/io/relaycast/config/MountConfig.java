package io.relaycast.config;

import io.relaycast.mp3.SampleFormat;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One configured mount: created at startup (listeners may connect before any source), with its own source password
 * and what it plays while no live source is connected. Made with {@link #builder}: each setting left out keeps its
 * default.
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

    /** A mount with nothing but its path set. */
    public static MountConfig of(String path) {
        return builder(path).build();
    }

    /** A mount with a playlist and the defaults. */
    public static MountConfig withPlaylist(String path, Path playlist) {
        return builder(path).playlist(playlist).build();
    }

    /** Settings for the mount at {@code path}, each left out at its default. */
    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** These settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(path).password(password).playlist(playlist).shuffle(shuffle).resume(resume)
                .fallbackMount(fallbackMount).rescan(rescan).relay(relay).station(station).listeners(listeners)
                .hidden(hidden).sourceActions(sourceActions).relayOnDemand(relayOnDemand).conform(conform).format(format)
                .username(username).sourceAuthUrl(sourceAuthUrl).charset(charset);
    }

    /** This mount playing {@code newPlaylist} (from the command line), the rest as it was. */
    public MountConfig withPlaylist(Path newPlaylist, boolean newShuffle, Resume newResume) {
        return toBuilder().playlist(newPlaylist).shuffle(newShuffle).resume(newResume).build();
    }

    /** This mount pulling {@code origin} (from the command line), the rest as it was. */
    public MountConfig withRelay(URI origin) {
        return toBuilder().relay(origin).build();
    }

    /** This mount re-encoding live sources that would change the stream's format (from the command line), or not. */
    public MountConfig withConform(boolean reencode) {
        return toBuilder().conform(reencode).build();
    }

    /** This mount with {@code declared} as its stream's format (from the command line), the rest as it was. */
    public MountConfig withFormat(SampleFormat declared) {
        return toBuilder().format(declared).build();
    }

    /**
     * These settings for the mount at {@code mountPath} (a mount {@link MountDefaults} set up): a fallback mount (and
     * where a full mount sends its listeners) that would be the mount itself is left out.
     */
    public MountConfig forPath(String mountPath) {
        boolean ownFallback = mountPath.equals(fallbackMount);
        ListenerRules rules = ownFallback && mountPath.equals(listeners.overflowMount())
                ? listeners.withOverflowMount(null) : listeners;
        return toBuilder().path(mountPath).fallbackMount(ownFallback ? null : fallbackMount).listeners(rules).build();
    }

    public boolean hasFallback() {
        return playlist != null || fallbackMount != null;
    }

    /** A mount's settings one by one, each at its default (see the components) until set; {@link #build} checks them. */
    public static final class Builder {
        private String path;
        private String password;
        private Path playlist;
        private boolean shuffle;
        private Resume resume;
        private String fallbackMount;
        private Duration rescan;
        private URI relay;
        private StationInfo station;
        private ListenerRules listeners;
        private boolean hidden;
        private SourceActions sourceActions;
        private boolean relayOnDemand;
        private boolean conform;
        private SampleFormat format;
        private String username;
        private URI sourceAuthUrl;
        private Charset charset;

        private Builder(String path) {
            this.path = path;
        }

        public MountConfig build() {
            return new MountConfig(path, password, playlist, shuffle, resume, fallbackMount, rescan, relay, station,
                    listeners, hidden, sourceActions, relayOnDemand, conform, format, username, sourceAuthUrl, charset);
        }

        public Builder path(String value) {
            path = value;
            return this;
        }

        public Builder password(String value) {
            password = value;
            return this;
        }

        public Builder playlist(Path value) {
            playlist = value;
            return this;
        }

        public Builder shuffle(boolean value) {
            shuffle = value;
            return this;
        }

        public Builder resume(Resume value) {
            resume = value;
            return this;
        }

        public Builder fallbackMount(String value) {
            fallbackMount = value;
            return this;
        }

        public Builder rescan(Duration value) {
            rescan = value;
            return this;
        }

        public Builder relay(URI value) {
            relay = value;
            return this;
        }

        public Builder station(StationInfo value) {
            station = value;
            return this;
        }

        public Builder listeners(ListenerRules value) {
            listeners = value;
            return this;
        }

        public Builder hidden(boolean value) {
            hidden = value;
            return this;
        }

        public Builder sourceActions(SourceActions value) {
            sourceActions = value;
            return this;
        }

        public Builder relayOnDemand(boolean value) {
            relayOnDemand = value;
            return this;
        }

        public Builder conform(boolean value) {
            conform = value;
            return this;
        }

        public Builder format(SampleFormat value) {
            format = value;
            return this;
        }

        public Builder username(String value) {
            username = value;
            return this;
        }

        public Builder sourceAuthUrl(URI value) {
            sourceAuthUrl = value;
            return this;
        }

        public Builder charset(Charset value) {
            charset = value;
            return this;
        }
    }
}
