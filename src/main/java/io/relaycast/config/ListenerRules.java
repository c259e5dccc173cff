package io.relaycast.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a mount gives and allows its listeners, over the server's settings: Icecast's per-mount {@code max-listeners},
 * {@code intro}, {@code burst-size}, {@code max-listener-duration}, listener {@code authentication},
 * {@code http-headers}, {@code mp3-metadata-interval} and {@code queue-size}. Made with {@link #builder}: each rule left
 * out is the server's.
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
        return builder().maxListeners(max).build();
    }

    /** Rules of the mount's own, each left out at the server's setting. */
    public static Builder builder() {
        return NONE.toBuilder();
    }

    /** These rules, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** These rules with new listeners sent to {@code mount} while this one is full. */
    public ListenerRules withOverflowMount(String mount) {
        return toBuilder().overflowMount(mount).build();
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

    /** A mount's listener rules one by one; {@link #build} checks them as the record does. */
    public static final class Builder {
        private int maxListeners;
        private Path intro;
        private BurstSize burst;
        private Duration maxDuration;
        private ListenerAuth auth;
        private String overflowMount;
        private ResponseHeaders headers;
        private Integer metaint;
        private Long queueSize;

        private Builder(ListenerRules from) {
            maxListeners = from.maxListeners;
            intro = from.intro;
            burst = from.burst;
            maxDuration = from.maxDuration;
            auth = from.auth;
            overflowMount = from.overflowMount;
            headers = from.headers;
            metaint = from.metaint;
            queueSize = from.queueSize;
        }

        public ListenerRules build() {
            return new ListenerRules(maxListeners, intro, burst, maxDuration, auth, overflowMount, headers, metaint, queueSize);
        }

        public Builder maxListeners(int value) {
            maxListeners = value;
            return this;
        }

        public Builder intro(Path value) {
            intro = value;
            return this;
        }

        public Builder burst(BurstSize value) {
            burst = value;
            return this;
        }

        public Builder maxDuration(Duration value) {
            maxDuration = value;
            return this;
        }

        public Builder auth(ListenerAuth value) {
            auth = value;
            return this;
        }

        public Builder overflowMount(String value) {
            overflowMount = value;
            return this;
        }

        public Builder headers(ResponseHeaders value) {
            headers = value;
            return this;
        }

        public Builder metaint(Integer value) {
            metaint = value;
            return this;
        }

        public Builder queueSize(Long value) {
            queueSize = value;
            return this;
        }
    }
}
