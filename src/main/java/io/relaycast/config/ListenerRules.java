package io.relaycast.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a mount gives and allows its listeners, over the server's settings: Icecast's per-mount {@code max-listeners},
 * {@code intro}, {@code burst-size}, {@code max-listener-duration}, listener {@code authentication},
 * {@code http-headers}, {@code mp3-metadata-interval} and {@code queue-size}.
 *
 * @param maxListeners the most listeners the mount takes, within the server's limit; {@link #NO_LIMIT} for only the
 *                     server's
 * @param intro        an MP3 file every new listener hears before the stream, or null for none
 * @param burst        audio a new listener gets at once, or null for the server's {@code burst-size}
 * @param maxDuration  how long a listener may stay before it is disconnected, or null for as long as it likes
 * @param auth         who may listen ({@link ListenerAuth#OPEN}, or null: anybody)
 * @param overflowMount where a new listener goes while the mount is full (Icecast's {@code fallback-when-full}, to the
 *                      mount's {@code fallback-mount}), or null: it is refused
 * @param headers      headers the mount's listeners are answered with, over the server's ({@link ResponseHeaders#NONE},
 *                     or null, for none)
 * @param metaint      audio bytes between ICY metadata blocks for the mount's listeners who ask for titles, or null for the
 *                     server's {@code metaint}
 * @param queueSize    bytes of recent audio the mount keeps: a listener further behind is disconnected; null for the
 *                     server's {@code queue-size}
 */
public record ListenerRules(int maxListeners, Path intro, BurstSize burst, Duration maxDuration, ListenerAuth auth,
                            String overflowMount, ResponseHeaders headers, Integer metaint, Long queueSize) {

    /** No limit of the mount's own, as Icecast's {@code <max-listeners>-1</max-listeners>}. */
    public static final int NO_LIMIT = -1;

    /** The server's settings, nothing of the mount's own. */
    public static final ListenerRules NONE = new ListenerRules(NO_LIMIT, null, null, null, null, null, null, null, null);

    public ListenerRules {
        if (maxListeners < NO_LIMIT) {
            throw new IllegalArgumentException("max-listeners must be 0 or more (or -1 for no limit): " + maxListeners);
        }
        auth = auth == null ? ListenerAuth.OPEN : auth;
        headers = headers == null ? ResponseHeaders.NONE : headers;
        if (metaint != null && (metaint < 1 || metaint > ServerConfig.MAX_METAINT)) {
            throw new IllegalArgumentException("metaint must be between 1 and " + ServerConfig.MAX_METAINT + ", was "
                    + metaint);
        }
        if (queueSize != null) {
            ServerConfig.requireQueueHolds(queueSize, burst);
        }
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            // Icecast's 0 means unlimited, and so does leaving it out.
            maxDuration = null;
        }
    }

    public static ListenerRules maxListeners(int max) {
        return new ListenerRules(max, null, null, null, null, null, null, null, null);
    }

    /** No headers of the mount's own, the server's metadata interval. */
    public ListenerRules(int maxListeners, Path intro, BurstSize burst, Duration maxDuration, ListenerAuth auth,
                         String overflowMount) {
        this(maxListeners, intro, burst, maxDuration, auth, overflowMount, null, null, null);
    }

    /** Anybody may listen. */
    public ListenerRules(int maxListeners, Path intro, BurstSize burst, Duration maxDuration) {
        this(maxListeners, intro, burst, maxDuration, null, null);
    }

    /** A full mount refuses new listeners. */
    public ListenerRules(int maxListeners, Path intro, BurstSize burst, Duration maxDuration, ListenerAuth auth) {
        this(maxListeners, intro, burst, maxDuration, auth, null);
    }

    /** These rules with new listeners sent to {@code mount} while this one is full. */
    public ListenerRules withOverflowMount(String mount) {
        return new ListenerRules(maxListeners, intro, burst, maxDuration, auth, mount, headers, metaint, queueSize);
    }

    /** The mount's metadata interval if it has one, else {@code serverMetaint}. */
    public int metaintOr(int serverMetaint) {
        return metaint != null ? metaint : serverMetaint;
    }

    /** The mount's queue size if it has one, else {@code serverQueueSize}. */
    public long queueSizeOr(long serverQueueSize) {
        return queueSize != null ? queueSize : serverQueueSize;
    }

    /** The mount's burst if it has one, else {@code serverBurst}. */
    public BurstSize burstOr(BurstSize serverBurst) {
        return burst != null ? burst : serverBurst;
    }
}
