package io.relaycast.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relaycast.mount.OnAir;
import io.relaycast.playlist.Track;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes {@link ServerStatus} as Icecast's {@code status-json.xsl} does, so existing dashboards and widgets read it
 * unchanged, plus relaycast's own {@code on_air} and {@code playlist_track}. The public status names the playlist's
 * track only while the playlist is on air: a page falling back to it for a live show without a title would announce a
 * paused track as playing. The admin's stats name it always.
 *
 * <p>Icecast's quirk is kept on request: {@code source} is an object for one mount, an array for several, and absent
 * for none. {@code /status.json} asks for the sane form instead: always an array.
 */
public final class StatusJson {

    /** An audio info key that is also an XML name (the admin's stats make it an element): a letter or '_' first. */
    private static final Pattern AUDIO_INFO_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private final ObjectMapper mapper;

    public StatusJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code {"icestats": {...}}}; {@code icecastQuirk} picks the object-or-array form of {@code source}. */
    public ObjectNode icestats(ServerStatus status, boolean icecastQuirk) {
        ObjectNode stats = mapper.createObjectNode();
        stats.put("admin", status.admin());
        stats.put("host", status.host());
        stats.put("location", status.location());
        stats.put("server_id", status.serverId());
        stats.put("server_start", IcecastTime.rfc822(status.started()));
        stats.put("server_start_iso8601", IcecastTime.iso8601(status.started()));
        stats.put("listeners", status.listeners());
        List<MountStatus> sources = status.sources();
        if (!icecastQuirk) {
            ArrayNode array = stats.putArray("source");
            sources.forEach(source -> array.add(source(source, false)));
        } else if (sources.size() == 1) {
            stats.set("source", source(sources.get(0), true));
        } else if (sources.size() > 1) {
            ArrayNode array = stats.putArray("source");
            sources.forEach(source -> array.add(source(source, true)));
        }
        ObjectNode root = mapper.createObjectNode();
        root.set("icestats", stats);
        return root;
    }

    /**
     * {@code /admin/stats}: the status ({@code source} always an array) with what Icecast shows the admin only: the
     * server's connection counters, each mount's directory flag ({@code public}), its traffic, its playlist's track
     * (paused or not), and its live source's address and program.
     */
    public ObjectNode adminIcestats(ServerStatus status) {
        ObjectNode root = icestats(status, false);
        ObjectNode icestats = (ObjectNode) root.get("icestats");
        JsonNode sources = icestats.remove("source");
        ServerStatus.Counters counters = status.counters();
        icestats.put("clients", counters.openConnections());
        icestats.put("connections", counters.connections());
        icestats.put("client_connections", counters.clientConnections());
        icestats.put("file_connections", counters.filesServed());
        icestats.put("listener_connections", counters.listenerConnections());
        icestats.put("source_client_connections", counters.encoderConnections());
        icestats.put("source_relay_connections", counters.relayConnections());
        icestats.put("source_total_connections", counters.sourceConnections());
        icestats.put("sources", counters.liveSources());
        icestats.set("source", sources);
        for (int i = 0; i < sources.size(); i++) {
            MountStatus mount = status.sources().get(i);
            ObjectNode source = (ObjectNode) sources.get(i);
            source.put("public", mount.isPublic() ? 1 : 0);
            source.put("slow_listeners", mount.slowListeners());
            source.put("total_bytes_read", mount.bytesRead());
            source.put("total_bytes_sent", mount.bytesSent());
            putPlaylistTrack(source, mount.playlistTrack());
            if (mount.source() != null) {
                source.put("source_ip", mount.source().ip());
                putIfPresent(source, "user_agent", mount.source().userAgent());
            }
        }
        return root;
    }

    /**
     * One mount, with Icecast's field names. {@code icecastQuirk} leaves out relaycast's {@code artist}: Icecast lists
     * none for an MP3 stream (and with one, {@code title} is the title alone), so widgets showing
     * {@code artist + " - " + title} would repeat the artist before the whole now-playing string.
     */
    public ObjectNode source(MountStatus mount, boolean icecastQuirk) {
        ObjectNode source = mapper.createObjectNode();
        source.put("mount", mount.mount());
        putIfPresent(source, "audio_info", mount.audioInfo());
        putIfPresent(source, "authenticator", mount.authenticator());
        putIfPresent(source, "bitrate", mount.bitrate());
        putIfPresent(source, "channels", mount.channels());
        putIfPresent(source, "genre", mount.genre());
        source.put("listener_peak", mount.listenerPeak());
        source.put("listeners", mount.listeners());
        if (mount.maxListeners() == null) {
            source.put("max_listeners", "unlimited");
        } else {
            source.put("max_listeners", mount.maxListeners());
        }
        source.put("listenurl", mount.listenUrl());
        putIfPresent(source, "samplerate", mount.samplerate());
        putIfPresent(source, "server_description", mount.description());
        putIfPresent(source, "server_name", mount.name());
        source.put("server_type", mount.contentType());
        putIfPresent(source, "server_url", mount.url());
        if (mount.streamStart() != null) {
            source.put("stream_start", IcecastTime.rfc822(mount.streamStart()));
            source.put("stream_start_iso8601", IcecastTime.iso8601(mount.streamStart()));
        }
        putIfPresent(source, "title", mount.title());
        if (!icecastQuirk) {
            putIfPresent(source, "artist", mount.artist());
        }
        source.put("on_air", mount.onAir());
        if (OnAir.PLAYLIST.label().equals(mount.onAir())) {
            putPlaylistTrack(source, mount.playlistTrack());
        }
        putAudioInfoKeys(source, mount.audioInfo());
        return source;
    }

    /** Replaces any earlier {@code playlist_track}: the admin's stats name the track even while it is paused. */
    private static void putPlaylistTrack(ObjectNode source, Track track) {
        if (track != null) {
            ObjectNode current = source.putObject("playlist_track");
            current.put("id", track.id());
            current.put("title", track.title());
        }
    }

    /**
     * Each {@code key=value} of the source's {@code ice-audio-info} as a field of its own, as Icecast lists them
     * ({@code "ice-bitrate": 128} from butt or Mixxx), numbers as numbers; never over a field already set.
     */
    private static void putAudioInfoKeys(ObjectNode source, String audioInfo) {
        if (audioInfo == null) {
            return;
        }
        for (String part : audioInfo.split(";")) {
            String[] pair = part.split("=", 2);
            String key = pair[0].trim();
            if (pair.length < 2 || !AUDIO_INFO_KEY.matcher(key).matches() || source.has(key)) {
                continue;
            }
            String value = pair[1].trim();
            if (INTEGER.matcher(value).matches()) {
                source.put(key, Long.parseLong(value));
            } else {
                source.put(key, value);
            }
        }
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static void putIfPresent(ObjectNode node, String name, Integer value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
