package io.relaycast.directory;

import java.time.Duration;

/**
 * When a directory is spoken to. {@link #ICECAST} is Icecast's: patient with directories, which serve thousands of
 * stations; tests use shorter times.
 *
 * @param tick              how often the mounts are looked at
 * @param firstAdd          a mount that became listable is added after this long
 * @param firstTouch        a mount just added is first touched after this long
 * @param songTouch         a new song is touched after this long (sooner than the regular touch)
 * @param minTouch          a directory's {@code TouchFreq} shorter than this is taken as this, and a new song is not
 *                          touched sooner than this after the last touch
 * @param afterUnreachable  a directory that could not be reached is tried again after this long
 * @param afterAddRefused   a mount the directory refused to add is tried again after this long (or after
 *                          {@code firstAdd} once a new source or new details would be added)
 * @param afterTouchRefused a mount whose touch was refused (the directory forgot it) is added again after this long
 */
public record YpSchedule(Duration tick, Duration firstAdd, Duration firstTouch, Duration songTouch, Duration minTouch,
                         Duration afterUnreachable, Duration afterAddRefused, Duration afterTouchRefused) {

    public static final YpSchedule ICECAST = new YpSchedule(Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofMinutes(20),
            Duration.ofHours(2), Duration.ofMinutes(20));
}
