package io.relaycast.playlist;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The play order of a playlist, looping forever: in list order, or shuffled with no repeat until every track has played
 * (a new shuffle each round). Queued tracks (up to {@link Jukebox#MAX_QUEUED}) come first and are not played again at
 * their turn. A new track list (rescan) keeps the place: in order, play goes on after the list's track that played
 * last, not a queued one (or, if it was deleted, with the one that came after it); shuffled, the tracks not yet played
 * this round stay, new ones join it. Tracks are matched by id, so a re-tagged file is the same track. Thread-safe: the
 * reader thread takes tracks, admin calls queue them.
 */
final class PlaylistOrder {

    private final boolean shuffle;
    private final Random random;
    private final Deque<Track> queued = new ArrayDeque<>();
    private final List<Track> round = new ArrayList<>();
    private List<Track> tracks = List.of();
    private int position;
    /** The track that played last, queued or not: shuffle never plays it twice in a row. */
    private Track last;
    /** The last track in-order play took from the list (not the queue): where it goes on after a rescan. */
    private Track lastFromOrder;

    PlaylistOrder(boolean shuffle, Random random) {
        this.shuffle = shuffle;
        this.random = random;
    }

    synchronized List<Track> tracks() {
        return tracks;
    }

    /**
     * Takes the tracks of a rescan. Tracks are matched by id (their file): a re-tagged file is the same track, so it
     * stays queued and is not played twice in a shuffle round.
     */
    synchronized void update(List<Track> newTracks) {
        List<Track> previous = tracks;
        tracks = List.copyOf(newTracks);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < tracks.size(); i++) {
            index.putIfAbsent(tracks.get(i).id(), i);
        }
        renew(queued, index);
        if (shuffle) {
            renew(round, index);
            Set<String> known = new HashSet<>();
            previous.forEach(track -> known.add(track.id()));
            List<Track> added = tracks.stream().filter(track -> !known.contains(track.id())).toList();
            if (!added.isEmpty()) {
                // One shuffle, not an insert at a random place per new track: that is O(n) each, and a first scan or a
                // renamed library folder brings 100,000 of them, on the reader thread every playlist mount shares.
                round.addAll(added);
                shuffleRound();
            }
            return;
        }
        position = nextPosition(previous, index);
    }

    /** Replaces each of {@code kept} by its version in the new list, dropping those no longer in it. */
    private void renew(Collection<Track> kept, Map<String, Integer> index) {
        List<Track> renewed = new ArrayList<>(kept.size());
        for (Track track : kept) {
            Integer at = index.get(track.id());
            if (at != null) {
                renewed.add(tracks.get(at));
            }
        }
        kept.clear();
        kept.addAll(renewed);
    }

    /**
     * Where in-order play goes on in the new list: after the track that played last; if that one is gone, at the first
     * track that came after it in the previous list and is still there.
     */
    private int nextPosition(List<Track> previous, Map<String, Integer> index) {
        if (lastFromOrder == null) {
            return Math.min(position, tracks.size());
        }
        Integer lastIndex = index.get(lastFromOrder.id());
        if (lastIndex != null) {
            return lastIndex + 1;
        }
        int before = 0;
        while (before < previous.size() && !previous.get(before).id().equals(lastFromOrder.id())) {
            before++;
        }
        for (int i = 1; i < previous.size(); i++) {
            Integer successor = index.get(previous.get((before + i) % previous.size()).id());
            if (successor != null) {
                return successor;
            }
        }
        return Math.min(position, tracks.size());
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

    synchronized Jukebox.Enqueued enqueue(String id) {
        Optional<Track> track = tracks.stream().filter(t -> t.id().equals(id)).findFirst();
        if (track.isEmpty()) {
            return Jukebox.Enqueued.NO_SUCH_TRACK;
        }
        if (queued.size() >= Jukebox.MAX_QUEUED) {
            return Jukebox.Enqueued.QUEUE_FULL;
        }
        queued.addLast(track.get());
        passOver(track.get());
        return Jukebox.Enqueued.QUEUED;
    }

    /**
     * A queued track plays out of turn, so it does not play again at its turn: shuffled, it leaves this round; in order,
     * when it is the next track, play goes on after it.
     */
    private void passOver(Track track) {
        if (shuffle) {
            round.removeIf(unplayed -> unplayed.id().equals(track.id()));
        } else if (tracks.get(position % tracks.size()).id().equals(track.id())) {
            lastFromOrder = tracks.get(position % tracks.size());
            position = position % tracks.size() + 1;
        }
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

    /** Shuffles the round (played from its end), never with the track that played last first. */
    private void shuffleRound() {
        Collections.shuffle(round, random);
        if (round.size() > 1 && last != null && round.get(round.size() - 1).id().equals(last.id())) {
            Collections.swap(round, 0, round.size() - 1);
        }
    }

    private Track fromOrder() {
        if (tracks.isEmpty()) {
            return null;
        }
        if (shuffle) {
            if (round.isEmpty()) {
                round.addAll(tracks);
                shuffleRound();
            }
            return round.remove(round.size() - 1);
        }
        if (position >= tracks.size()) {
            position = 0;
        }
        lastFromOrder = tracks.get(position++);
        return lastFromOrder;
    }
}
