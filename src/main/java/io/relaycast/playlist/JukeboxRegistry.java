package io.relaycast.playlist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The jukeboxes of the server's mounts, by mount path. */
public final class JukeboxRegistry {

    private final ConcurrentMap<String, Jukebox> jukeboxes = new ConcurrentHashMap<>();

    public void register(Jukebox jukebox) {
        jukeboxes.put(jukebox.mount(), jukebox);
    }

    public Optional<Jukebox> forMount(String mount) {
        return Optional.ofNullable(jukeboxes.get(mount));
    }

    public List<Jukebox> all() {
        List<Jukebox> sorted = new ArrayList<>(jukeboxes.values());
        sorted.sort(Comparator.comparing(Jukebox::mount));
        return sorted;
    }
}
