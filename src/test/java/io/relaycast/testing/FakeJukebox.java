package io.relaycast.testing;

import io.relaycast.playlist.Jukebox;
import io.relaycast.playlist.Track;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A jukebox over a fixed list that records what it was told, standing in for the AutoDJ in admin tests. */
public final class FakeJukebox implements Jukebox {

    private final String mount;
    private final List<Track> tracks;
    private final Deque<Track> queue = new ArrayDeque<>();
    private final AtomicInteger rescans = new AtomicInteger();
    private int position;

    public FakeJukebox(String mount, String... titles) {
        this.mount = mount;
        List<Track> made = new ArrayList<>();
        for (int i = 0; i < titles.length; i++) {
            made.add(new Track("t" + (i + 1) + ".mp3", Path.of("/music/t" + (i + 1) + ".mp3"), titles[i]));
        }
        this.tracks = List.copyOf(made);
    }

    @Override
    public String mount() {
        return mount;
    }

    @Override
    public synchronized Optional<Track> current() {
        return tracks.isEmpty() ? Optional.empty() : Optional.of(tracks.get(position));
    }

    @Override
    public synchronized List<Track> upcoming(int max) {
        List<Track> next = new ArrayList<>(queue);
        for (int i = 1; next.size() < max && i < tracks.size(); i++) {
            next.add(tracks.get((position + i) % tracks.size()));
        }
        return next.subList(0, Math.min(max, next.size()));
    }

    @Override
    public List<Track> tracks() {
        return tracks;
    }

    @Override
    public synchronized void skip() {
        Track queued = queue.pollFirst();
        position = queued != null ? tracks.indexOf(queued) : (position + 1) % tracks.size();
    }

    @Override
    public synchronized Enqueued enqueue(String id) {
        for (Track track : tracks) {
            if (track.id().equals(id)) {
                if (queue.size() >= MAX_QUEUED) {
                    return Enqueued.QUEUE_FULL;
                }
                queue.addLast(track);
                return Enqueued.QUEUED;
            }
        }
        return Enqueued.NO_SUCH_TRACK;
    }

    @Override
    public void rescan() {
        rescans.incrementAndGet();
    }

    public int rescans() {
        return rescans.get();
    }
}
