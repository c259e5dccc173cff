package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The play order kept across rescans: deleted, added and re-tagged files. */
class PlaylistOrderTest {

    @Test
    void deletingTheTrackOnAirGoesOnWithTheOneThatCameAfterIt() {
        PlaylistOrder order = new PlaylistOrder(false, new Random(1));
        order.update(tracks("a", "b", "c", "d"));
        order.next();
        assertThat(order.next().id()).isEqualTo("b");

        order.update(tracks("a", "c", "d"));

        assertThat(order.next().id()).isEqualTo("c");
    }

    @Test
    void aReTaggedFileStaysQueuedWithItsNewTitle() {
        PlaylistOrder order = new PlaylistOrder(false, new Random(1));
        order.update(tracks("a", "b", "c"));
        assertThat(order.enqueue("c")).isEqualTo(Jukebox.Enqueued.QUEUED);

        order.update(List.of(track("a"), track("b"), new Track("c", Path.of("c.mp3"), "C - new title")));

        assertThat(order.next()).isEqualTo(new Track("c", Path.of("c.mp3"), "C - new title"));
    }

    @Test
    void aShuffledTrackReTaggedAfterItPlayedDoesNotComeAgainThisRound() {
        PlaylistOrder order = new PlaylistOrder(true, new Random(1));
        order.update(tracks("a", "b", "c", "d"));
        Track played = order.next();

        List<Track> retagged = order.tracks().stream()
                .map(track -> track.equals(played) ? new Track(track.id(), track.file(), "new title") : track).toList();
        order.update(retagged);

        assertThat(order.upcoming(10)).extracting(Track::id).hasSize(3).doesNotContain(played.id());
    }

    @Test
    void aQueuedTrackDoesNotMoveInOrderPlayPastTheTracksBetween() {
        PlaylistOrder order = new PlaylistOrder(false, new Random(1));
        order.update(tracks("01", "02", "03", "04", "05"));
        assertThat(order.next().id()).isEqualTo("01");
        order.enqueue("04");
        assertThat(order.next().id()).isEqualTo("04");

        order.update(tracks("01", "02", "03", "04", "05", "06"));

        assertThat(List.of(order.next(), order.next(), order.next())).extracting(Track::id).containsExactly("02", "03", "04");
    }

    @Test
    void aShuffledTrackQueuedDoesNotPlayAgainThisRound() {
        PlaylistOrder order = new PlaylistOrder(true, new Random(1));
        order.update(tracks("a", "b"));
        String first = order.next().id();
        String other = first.equals("a") ? "b" : "a";

        order.enqueue(other);

        assertThat(List.of(order.next(), order.next())).extracting(Track::id).containsExactly(other, first);
    }

    @Test
    void theNextTrackInOrderQueuedPlaysOnce() {
        PlaylistOrder order = new PlaylistOrder(false, new Random(1));
        order.update(tracks("a", "b", "c"));
        order.next();

        order.enqueue("b");

        assertThat(order.upcoming(3)).extracting(Track::id).containsExactly("b", "c", "a");
        assertThat(List.of(order.next(), order.next())).extracting(Track::id).containsExactly("b", "c");
    }

    @Test
    void aShuffledRescanOfAHugeNewLibraryTakesLinearTime() {
        PlaylistOrder order = new PlaylistOrder(true, new Random(1));
        Path file = Path.of("x.mp3");
        List<Track> library = IntStream.range(0, 300_000).mapToObj(i -> new Track("t" + i, file, "title")).toList();

        assertTimeout(Duration.ofSeconds(3), () -> order.update(library));

        assertThat(order.upcoming(Integer.MAX_VALUE)).hasSize(300_000);
    }

    @Test
    void theQueueHoldsAHundredTracksAndRefusesMore() {
        PlaylistOrder order = new PlaylistOrder(false, new Random(1));
        order.update(tracks("a", "b"));
        for (int i = 0; i < Jukebox.MAX_QUEUED; i++) {
            assertThat(order.enqueue("b")).isEqualTo(Jukebox.Enqueued.QUEUED);
        }

        assertThat(order.enqueue("b")).isEqualTo(Jukebox.Enqueued.QUEUE_FULL);
        assertThat(order.upcoming(1000)).hasSize(Jukebox.MAX_QUEUED + 2);
    }

    private static List<Track> tracks(String... ids) {
        return Arrays.stream(ids).map(PlaylistOrderTest::track).toList();
    }

    private static Track track(String id) {
        return new Track(id, Path.of(id + ".mp3"), id.toUpperCase() + " - title");
    }
}
