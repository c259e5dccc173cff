package io.relaycast.relay;

import java.time.Duration;

/**
 * How long a relay waits before it tries its origin again: after a failure (no connection, an error, the stream ending)
 * a pause that doubles from {@code first} up to {@code max}; after an origin that answered with a format relaycast does
 * not relay (Ogg, AAC: a master lists all its mounts), a pause that doubles from {@code formatFirst} up to
 * {@code formatMax}, since that answer will not change soon; and {@code first} again once a connection got as far as
 * audio. Loop only.
 */
final class RelayBackoff {

    /**
     * Refused for its format, a mount is asked for again after 30 s, 1, 2 and 4 min, then every 5 min: a few requests an
     * hour to the master (each a listener place there for a moment, and a line in both logs), and a mount that turns to
     * MP3 is relayed within 5 minutes.
     */
    private static final Duration FORMAT_FIRST = Duration.ofSeconds(30);
    private static final Duration FORMAT_MAX = Duration.ofMinutes(5);

    private final Duration first;
    private final Duration max;
    private final Duration formatFirst;
    private final Duration formatMax;
    private Duration next;
    private Duration nextForFormat;
    private boolean formatRefused;

    RelayBackoff(Duration first, Duration max, Duration formatFirst, Duration formatMax) {
        this.first = first;
        this.max = max;
        this.formatFirst = formatFirst;
        this.formatMax = formatMax;
        this.next = first;
        this.nextForFormat = formatFirst;
    }

    /** What every relay uses: 1 s doubling to 16 s after a failure, as Icecast's relays nearly do. */
    static RelayBackoff standard() {
        return new RelayBackoff(Duration.ofSeconds(1), Duration.ofSeconds(16), FORMAT_FIRST, FORMAT_MAX);
    }

    /** The origin gave audio: whatever fails next waits the shortest pause again. */
    void connected() {
        next = first;
        nextForFormat = formatFirst;
        formatRefused = false;
    }

    /** The origin is wanted again now (a listener came, on demand): the next failure waits the shortest pause. */
    void resetFailures() {
        next = first;
    }

    /** The pause after a failure, which counts as made. */
    Duration afterFailure() {
        Duration wait = next;
        next = doubled(next, max);
        return wait;
    }

    /** The pause after an answer in a format this server does not relay, which counts as made. */
    Duration afterFormatRefusal() {
        formatRefused = true;
        Duration wait = nextForFormat;
        nextForFormat = doubled(nextForFormat, formatMax);
        return wait;
    }

    /** The longest pause after answers in a format this server does not relay. */
    Duration formatMax() {
        return formatMax;
    }

    /** Whether an answer in a format this server does not relay came since the last audio: a repeat is no news. */
    boolean formatRefusedBefore() {
        return formatRefused;
    }

    private static Duration doubled(Duration pause, Duration cap) {
        Duration twice = pause.multipliedBy(2);
        return twice.compareTo(cap) > 0 ? cap : twice;
    }
}
