package io.relaycast.directory;

import io.relaycast.status.MountStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The forms Icecast posts to a directory ({@code application/x-www-form-urlencoded}): {@code add} describes a mount,
 * {@code touch} says it is still there with its listeners and song, {@code remove} takes it out.
 */
final class YpForm {

    private YpForm() {
    }

    /** Icecast's add: name, genre, cluster password (none), description, web site, listen URL, type, subtype, bitrate. */
    static String add(MountStatus mount, String listenUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "add");
        form.put("sn", orEmpty(mount.name()));
        form.put("genre", orEmpty(mount.genre()));
        form.put("cpswd", "");
        form.put("desc", orEmpty(mount.description()));
        form.put("url", orEmpty(mount.url()));
        form.put("listenurl", listenUrl);
        form.put("type", mount.contentType());
        form.put("stype", "");
        form.put("b", mount.bitrate() == null ? "" : mount.bitrate().toString());
        return encode(form);
    }

    /** Icecast's touch: the listing's id, the song now playing, listeners and the most allowed. */
    static String touch(String sid, String song, long listeners, int maxListeners) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "touch");
        form.put("sid", sid);
        form.put("st", song);
        form.put("listeners", Long.toString(listeners));
        form.put("max_listeners", Integer.toString(maxListeners));
        form.put("stype", "");
        return encode(form);
    }

    static String remove(String sid) {
        return encode(Map.of("action", "remove", "sid", sid));
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
