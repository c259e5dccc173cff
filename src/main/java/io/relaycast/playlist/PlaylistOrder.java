package io.relaycast.playlist;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The play order of a playlist, looping forever: in list order, or shuffled with no repeat until every track has played
 * (a new shuffle each round). Queued tracks come first. A new track list (rescan) keeps the place: in order, play goes on
 * after the track that played last; shuffled, the tracks not yet played this round stay, new ones join it.
 * Thread-safe: the reader thread takes tracks, admin calls queue them.
 */
final class PlaylistOrder {

    private final boolean shuffle;
    private final Random random;
    private final Deque<Track> queued = new ArrayDeque<>();
    private final List<Track> round = new ArrayList<>();
    private List<Track> tracks = List.of();
    private int position;
    private Track last;

    PlaylistOrder(boolean shuffle, Random random) {
        this.shuffle = shuffle;
        this.random = random;
    }

    synchronized List<Track> tracks() {
        return tracks;
    }

    synchronized void update(List<Track> newTracks) {
        List<Track> previous = tracks;
        tracks = List.copyOf(newTracks);
        queued.removeIf(track -> !tracks.contains(track));
        if (shuffle) {
            round.retainAll(tracks);
            Set<Track> known = new HashSet<>(previous);
            for (Track track : tracks) {
                if (!known.contains(track)) {
                    round.add(round.isEmpty() ? 0 : random.nextInt(round.size() + 1), track);
                }
            }
            return;
        }
        int lastIndex = last == null ? -1 : indexOf(last);
        position = lastIndex >= 0 ? lastIndex + 1 : Math.min(position, tracks.size());
    }

    /** The next track to play, or null when the list is empty. */
    synchronized Track next() {
        Track track = queued.pollFirst();
        if (track == null) {
            track = fromOrder();
        }
        last = track;
        return track;
    }

    synchronized boolean enqueue(String id) {
        Optional<Track> track = tracks.stream().filter(t -> t.id().equals(id)).findFirst();
        track.ifPresent(queued::addLast);
        return track.isPresent();
    }

    /** Up to {@code max} tracks that will come next, without taking them. */
    synchronized List<Track> upcoming(int max) {
        List<Track> next = new ArrayList<>(queued);
        if (shuffle) {
            for (int i = round.size() - 1; i >= 0 && next.size() < max; i--) {
                next.add(round.get(i));
            }
        } else {
            for (int i = 0; i < tracks.size() && next.size() < max; i++) {
                next.add(tracks.get((position + i) % tracks.size()));
            }
        }
        return next.size() > max ? List.copyOf(next.subList(0, max)) : List.copyOf(next);
    }

    private Track fromOrder() {
        if (tracks.isEmpty()) {
            return null;
        }
        if (shuffle) {
            if (round.isEmpty()) {
                round.addAll(tracks);
                Collections.shuffle(round, random);
                // Never the same track twice in a row across rounds.
                if (round.size() > 1 && round.get(round.size() - 1).equals(last)) {
                    Collections.swap(round, 0, round.size() - 1);
                }
            }
            return round.remove(round.size() - 1);
        }
        if (position >= tracks.size()) {
            position = 0;
        }
        return tracks.get(position++);
    }

    private int indexOf(Track track) {
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).id().equals(track.id())) {
                return i;
            }
        }
        return -1;
    }
}
