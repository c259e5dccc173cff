package io.relaycast.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relaycast.http.Json;
import io.relaycast.playlist.Jukebox;
import io.relaycast.playlist.Track;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/playlist?mount=[&upcoming=N][&tracks=0]}: the mount's fallback playlist, the track playing and the next
 * ones (queued first). XML: {@code <playlist mount><current id>..</current><upcoming><track id>..</track></upcoming>
 * <tracks count>..</tracks></playlist>}. {@code tracks=0} sends the count without every track: the admin page polls,
 * and a folder of thousands of tracks listed every few seconds froze it.
 */
final class PlaylistCommand implements AdminCommand {

    static final int DEFAULT_UPCOMING = 10;
    static final int MAX_UPCOMING = 100;

    @Override
    public String name() {
        return "playlist";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    /** Reads the jukebox (thread-safe) and changes nothing, so a playlist of thousands of tracks is listed off the loops. */
    @Override
    public boolean readsOnly() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Jukebox jukebox = request.jukebox();
        Optional<Track> current = jukebox.current();
        List<Track> upcoming = jukebox.upcoming(upcomingCount(request.param("upcoming")));
        List<Track> all = jukebox.tracks();
        int count = all.size();
        List<Track> tracks = "0".equals(request.param("tracks")) ? List.of() : all;
        return AdminReply.ok(() -> xml(jukebox.mount(), current, upcoming, tracks, count),
                () -> json(jukebox.mount(), current, upcoming, tracks, count));
    }

    private static XmlElement xml(String mount, Optional<Track> current, List<Track> upcoming, List<Track> tracks,
                                  int count) {
        XmlElement xml = XmlElement.of("playlist").attribute("mount", mount);
        current.ifPresent(track -> xml.add(track("current", track)));
        xml.add(trackList("upcoming", upcoming));
        return xml.add(trackList("tracks", tracks).attribute("count", Integer.toString(count)));
    }

    private static ObjectNode json(String mount, Optional<Track> current, List<Track> upcoming, List<Track> tracks,
                                   int count) {
        ObjectNode json = Json.object().put("mount", mount);
        if (current.isPresent()) {
            json.set("current", trackJson(current.get()));
        } else {
            json.putNull("current");
        }
        ArrayNode next = json.putArray("upcoming");
        upcoming.forEach(track -> next.add(trackJson(track)));
        json.put("track_count", count);
        if (count == tracks.size()) {
            ArrayNode all = json.putArray("tracks");
            tracks.forEach(track -> all.add(trackJson(track)));
        }
        return json;
    }

    private static int upcomingCount(String given) {
        if (given == null) {
            return DEFAULT_UPCOMING;
        }
        try {
            return Math.max(0, Math.min(MAX_UPCOMING, Integer.parseInt(given)));
        } catch (NumberFormatException notANumber) {
            return DEFAULT_UPCOMING;
        }
    }

    private static XmlElement trackList(String name, List<Track> tracks) {
        XmlElement list = XmlElement.of(name);
        tracks.forEach(track -> list.add(track("track", track)));
        return list;
    }

    private static XmlElement track(String name, Track track) {
        XmlElement element = XmlElement.of(name).attribute("id", track.id());
        element.text("title", track.title());
        return element;
    }

    private static ObjectNode trackJson(Track track) {
        return Json.object().put("id", track.id()).put("title", track.title());
    }
}
