package io.relaycast.status;

import io.relaycast.playlist.Track;
import java.time.Instant;

/**
 * One mount as status pages, the admin API and dashboards see it: Icecast's per-source statistics plus what is on air
 * and which playlist track plays. Optional values are null when unknown (no audio yet, nothing said by the source).
 *
 * @param mount          the mount path
 * @param listenUrl      where listeners connect, as seen from the asking client
 * @param listeners      listeners now
 * @param listenerPeak   most listeners at once
 * @param name           stream name (ice-name), or null
 * @param description    stream description, or null
 * @param genre          genre, or null
 * @param url            the stream's web site, or null
 * @param contentType    MIME type of the audio
 * @param isPublic       whether the source asked to be listed in directories
 * @param bitrate        kbit/s, or null
 * @param samplerate     Hz, or null
 * @param channels       channel count, or null
 * @param audioInfo      Icecast's {@code bitrate=..;channels=..;samplerate=..}, or null
 * @param streamStart    when the live source connected, or null
 * @param title          now playing, or null
 * @param onAir          what feeds the mount: live, fallback_mount, playlist, silence, off
 * @param playlistTrack  the jukebox's current track, or null
 * @param bytesRead      bytes received from sources
 * @param bytesSent      bytes sent to listeners
 * @param maxListeners   the mount's own listener limit, or null when it has none (only the server's)
 * @param fallback       the mount this one falls back to (Icecast's fallback-mount), or null
 * @param source         the live source's address and program, or null while none is connected
 * @param slowListeners  listeners dropped for not keeping up (fell off the queue, or stopped reading)
 * @param authenticator  Icecast's name of the mount's listener authentication ({@code htpasswd}, {@code url}), or null
 */
public record MountStatus(
        String mount,
        String listenUrl,
        long listeners,
        long listenerPeak,
        String name,
        String description,
        String genre,
        String url,
        String contentType,
        boolean isPublic,
        Integer bitrate,
        Integer samplerate,
        Integer channels,
        String audioInfo,
        Instant streamStart,
        String title,
        String onAir,
        Track playlistTrack,
        long bytesRead,
        long bytesSent,
        Integer maxListeners,
        String fallback,
        SourceClient source,
        long slowListeners,
        String authenticator) {

    /** The artist part of an "Artist - Title" now-playing string, or null when there is none. */
    public String artist() {
        if (title == null) {
            return null;
        }
        int dash = title.indexOf(" - ");
        return dash > 0 ? title.substring(0, dash) : null;
    }

    /** Seconds since the live source connected, 0 without one. */
    public long connectedSeconds(Instant now) {
        return streamStart == null ? 0 : Math.max(0, now.getEpochSecond() - streamStart.getEpochSecond());
    }
}
