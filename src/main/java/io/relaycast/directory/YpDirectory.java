package io.relaycast.directory;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.relaycast.auth.BackendForms;
import io.relaycast.config.YpSettings;
import io.relaycast.http.RequestHost;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import io.relaycast.status.MountStatus;
import io.relaycast.status.StatusReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists this server's public mounts in one stream directory, speaking Icecast's YP protocol: a mount that plays
 * something, is public ({@code ice-public: 1} from its source, or {@code public: true} in its settings) and is not
 * hidden is added with its name, genre, description, web site, listen URL, type and bitrate; it is touched with its
 * listener count and song every touch interval (the directory's {@code TouchFreq} if it names one; 30 s to an hour),
 * and a few seconds after the song changes (no sooner than the shortest touch interval after the last touch); it is
 * removed when it stops being listable and when the server stops. As Icecast lists each source anew, a mount whose source
 * or details change (a new DJ on a configured mount) is removed and added again with its new name, bitrate and so on. A
 * directory that cannot be reached, or refuses, is tried again after Icecast's waits ({@link YpSchedule#ICECAST}), or
 * a few seconds after the next source starts for a refused add.
 *
 * <p>Talks to the directory on its own thread, one request at a time; the removes of a stopping server go all at once.
 */
public final class YpDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(YpDirectory.class);
    /** The longest wait between touches, whatever the directory asks: a listing not touched for long is dropped. */
    static final Duration MAX_TOUCH = Duration.ofHours(1);
    /** The longest a stopping server waits for directories to answer its removes, all directories together. */
    public static final Duration REMOVES_WAIT = Duration.ofSeconds(5);

    private final URI url;
    private final Duration timeout;
    private final Duration touchInterval;
    private final YpSchedule schedule;
    private final Supplier<List<MountStatus>> listable;
    private final IntSupplier serverMaxListeners;
    private final String userAgent;
    private final HttpClient http;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("relaycast-yp", true));
    /** The directory thread's: mount path to its listing. */
    private final Map<String, Listing> listings = new LinkedHashMap<>();
    private volatile Set<String> listed = Set.of();
    /** The directory thread's: until when, on the {@link System#nanoTime()} clock, the directory is asked nothing. */
    private long pausedUntil = System.nanoTime();
    /** The directory thread's: a remove failed in this pause, so the rest of its removes are not sent. */
    private boolean removesHeldBack;

    /**
     * @param listable           the mounts to list now, each as the status pages show it (its listen URL as directories
     *                           should give it)
     * @param serverMaxListeners what a mount without its own limit reports as its most listeners: read at each touch,
     *                           as a reload changes it at once
     * @param userAgent          how requests introduce this server
     */
    public YpDirectory(URI url, YpSettings settings, YpSchedule schedule, Supplier<List<MountStatus>> listable,
                       IntSupplier serverMaxListeners, String userAgent) {
        this.url = url;
        this.timeout = settings.timeout();
        this.touchInterval = settings.touchInterval();
        this.schedule = schedule;
        this.listable = listable;
        this.serverMaxListeners = serverMaxListeners;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The mounts a directory should list: those that play something of their own, are not hidden and are public, with
     * listen URLs on {@code authority} (the public {@code host:port}).
     */
    public static Supplier<List<MountStatus>> publicMounts(MountRegistry mounts, StatusReport status, String authority) {
        RequestHost host = new RequestHost(authority);
        return () -> {
            List<MountStatus> listable = new ArrayList<>();
            for (Mount mount : mounts.all()) {
                if (mount.isListed() && mount.info().isPublic()) {
                    listable.add(status.mount(mount, host));
                }
            }
            return listable;
        };
    }

    /** Looks at the mounts now and then every tick; returns at once. */
    public YpDirectory start() {
        thread.scheduleWithFixedDelay(this::tick, 0, schedule.tick().toMillis(), TimeUnit.MILLISECONDS);
        log.info("listing public mounts in YP directory {}", url);
        return this;
    }

    /** The mounts the directory has accepted and not yet been told to remove. */
    public Set<String> listed() {
        return listed;
    }

    /** One look; nothing it meets may end the schedule (an executor drops a task that throws). */
    private void tick() {
        try {
            update(System.nanoTime());
        } catch (RuntimeException unexpected) {
            log.error("YP directory {}: updating the listings failed; trying again", url, unexpected);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void update(long now) throws InterruptedException {
        Map<String, MountStatus> current = new LinkedHashMap<>();
        for (MountStatus mount : listable.get()) {
            current.put(mount.mount(), mount);
        }
        for (Iterator<Map.Entry<String, Listing>> it = listings.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Listing> entry = it.next();
            if (!current.containsKey(entry.getKey())) {
                it.remove();
                remove(entry.getKey(), entry.getValue(), now);
            }
        }
        for (MountStatus mount : current.values()) {
            Listing listing = listings.computeIfAbsent(mount.mount(), path -> new Listing(now + nanos(schedule.firstAdd())));
            if (!step(mount, listing, now)) {
                waitForUnreachable();
                break;
            }
        }
        List<String> accepted = new ArrayList<>();
        listings.forEach((path, listing) -> {
            if (listing.sid != null) {
                accepted.add(path);
            }
        });
        listed = Set.copyOf(accepted);
    }

    /** Does what is due for {@code mount}, if anything; false when the directory could not be reached. */
    private boolean step(MountStatus mount, Listing listing, long now) throws InterruptedException {
        if (paused(now)) {
            return true;
        }
        Described described = Described.of(mount);
        if (listing.sid != null && !listing.described.equals(described)) {
            // Icecast removes a source's listing when it ends and adds the next source's: the same here.
            listing.due = now + nanos(schedule.firstAdd());
            remove(mount.mount(), listing, now);
            return true;
        }
        if (listing.refused != null && !listing.refused.equals(described)) {
            // What was refused was the last source's add: Icecast adds the next source a few seconds after it starts.
            listing.refused = null;
            listing.due = now + nanos(schedule.firstAdd());
        }
        String song = mount.title() == null ? "" : mount.title();
        if (listing.sid != null && !song.equals(listing.song)) {
            touchSoon(listing, now);
        }
        if (now - listing.due < 0) {
            return true;
        }
        return listing.sid == null ? add(mount, listing, song, now) : touch(mount, listing, song, now);
    }

    /** Brings a new song's touch forward, but to no sooner after the last touch than the shortest touch interval. */
    private void touchSoon(Listing listing, long now) {
        long soon = now + nanos(schedule.songTouch());
        long earliest = listing.touched + nanos(schedule.minTouch());
        if (earliest - soon > 0) {
            soon = earliest;
        }
        if (listing.due - soon > 0) {
            listing.due = soon;
        }
    }

    /**
     * A directory that did not answer is asked nothing, about any mount, for a while, counted from now: the request that
     * found it out may have waited out the whole timeout.
     */
    private void waitForUnreachable() {
        log.warn("YP directory {} cannot be reached; trying again in {}", url, shown(schedule.afterUnreachable()));
        pausedUntil = System.nanoTime() + nanos(schedule.afterUnreachable());
        removesHeldBack = false;
    }

    private boolean paused(long now) {
        return now - pausedUntil < 0;
    }

    private boolean add(MountStatus mount, Listing listing, String song, long now) throws InterruptedException {
        YpReply reply = post(YpForm.add(mount, mount.listenUrl()), false);
        if (reply == null) {
            return false;
        }
        if (!reply.accepted() || reply.sid() == null) {
            log.warn("YP directory {} refused to list {}: {}; trying again in {}", url, mount.mount(),
                    reply.accepted() ? "it gave no SID" : reply.why(), shown(schedule.afterAddRefused()));
            listing.due = now + nanos(schedule.afterAddRefused());
            listing.refused = Described.of(mount);
            return true;
        }
        listing.refused = null;
        listing.touched = now;
        listing.sid = reply.sid();
        listing.staleSid = null;
        listing.described = Described.of(mount);
        listing.song = song;
        listing.touchEvery = touchEvery(reply);
        listing.due = now + nanos(schedule.firstTouch());
        log.info("YP directory {} lists {} (touched every {} s)", url, mount.mount(), listing.touchEvery.toSeconds());
        return true;
    }

    private boolean touch(MountStatus mount, Listing listing, String song, long now) throws InterruptedException {
        int maxListeners = mount.maxListeners() == null ? serverMaxListeners.getAsInt() : mount.maxListeners();
        YpReply reply = post(YpForm.touch(listing.sid, song, mount.listeners(), maxListeners), true);
        if (reply == null) {
            // As Icecast: after the wait it is added afresh; the directory will have dropped a listing so long untouched.
            listing.staleSid = listing.sid;
            listing.sid = null;
            return false;
        }
        if (!reply.accepted()) {
            log.info("YP directory {} refused the touch of {}: {}; adding it again in {}", url, mount.mount(),
                    reply.why(), shown(schedule.afterTouchRefused()));
            listing.sid = null;
            listing.due = now + nanos(schedule.afterTouchRefused());
            return true;
        }
        listing.song = song;
        listing.touched = now;
        if (reply.touchEvery() != null) {
            listing.touchEvery = touchEvery(reply);
        }
        listing.due = now + nanos(listing.touchEvery);
        return true;
    }

    /**
     * Takes {@code path} out of the directory, if it is listed (also if its last touch went unanswered), with one
     * request, as Icecast removes a listing it holds: also while the directory is asked nothing else after a failure, as
     * listeners would otherwise find a dead stream listed. A remove that fails starts such a pause (or, in one, does not
     * extend it), and the removes after it in that pause are not sent, their listings left to expire (the directory drops
     * one no longer touched): for a directory that is down each would cost the whole timeout, one after another.
     */
    private void remove(String path, Listing listing, long now) throws InterruptedException {
        String sid = listing.takeSidToRemove();
        if (sid == null) {
            return;
        }
        boolean paused = paused(now);
        if (paused && removesHeldBack) {
            log.info("YP directory {} cannot be reached to remove {}; its listing is left to expire", url, path);
            return;
        }
        if (!removed(path, post(YpForm.remove(sid), true))) {
            if (!paused) {
                waitForUnreachable();
            }
            removesHeldBack = true;
        }
    }

    /** Asks the directory to take out {@code path}, listed with {@code sid}, without waiting for its answer. */
    private CompletableFuture<Void> removeLater(String path, String sid) {
        return BackendForms.send(http, request(YpForm.remove(sid)))
                .handle((response, failure) -> {
                    if (failure != null) {
                        log.debug("YP directory {}: {}", url, failure.toString());
                    }
                    removed(path, failure == null ? YpReply.of(response.headers()) : null);
                    return null;
                });
    }

    /** Logs the directory's {@code reply} to the remove of {@code path}; false when it could not be reached (null). */
    private boolean removed(String path, YpReply reply) {
        if (reply == null) {
            log.warn("YP directory {} cannot be reached to remove {}", url, path);
            return false;
        }
        log.info("YP directory {} no longer lists {}{}", url, path, reply.accepted() ? "" : " (it said: " + reply.why() + ")");
        return true;
    }

    /**
     * The interval the directory asks for (or the configured one), no shorter than the schedule's minimum and no longer
     * than {@link #MAX_TOUCH}: a directory's {@code TouchFreq} can be any number.
     */
    private Duration touchEvery(YpReply reply) {
        Duration asked = reply.touchEvery() == null ? touchInterval : reply.touchEvery();
        if (asked.compareTo(MAX_TOUCH) > 0) {
            return MAX_TOUCH;
        }
        return asked.compareTo(schedule.minTouch()) < 0 ? schedule.minTouch() : asked;
    }

    /**
     * The directory's answer to {@code form}, or null when it could not be reached or its answer, body included, was not
     * complete within the timeout: a request's own timeout covers the answer's head only, and a directory stalling in
     * the body would otherwise hold this thread, and every listing, for good. An add is sent once: sent again after a
     * lost answer, an add the directory had taken would list the mount twice. A touch or a remove, which may be done
     * twice, is sent again once if its kept-alive connection turned out closed ({@code resendable}), as libcurl does.
     */
    private YpReply post(String form, boolean resendable) throws InterruptedException {
        CompletableFuture<HttpResponse<Void>> exchange = resendable ? BackendForms.send(http, request(form))
                : BackendForms.sendOnce(http, request(form));
        try {
            return YpReply.of(exchange.get().headers());
        } catch (ExecutionException unreachable) {
            log.debug("YP directory {}: {}", url, unreachable.getCause().toString());
            return null;
        } catch (InterruptedException stopping) {
            exchange.cancel(true);
            throw stopping;
        }
    }

    private HttpRequest request(String form) {
        return HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
    }

    /** A wait as the log says it: minutes, or milliseconds when shorter (tests). */
    private static String shown(Duration wait) {
        return wait.toMinutes() > 0 ? wait.toMinutes() + " min" : wait.toMillis() + " ms";
    }

    private static long nanos(Duration duration) {
        return duration.toNanos();
    }

    /**
     * Stops looking at the mounts and asks the directory to remove every listing, all at once, without waiting for its
     * answers: a server stopping tells every directory at the same time, then goes on closing its ports while they
     * answer ({@link #awaitRemoves}).
     *
     * @return what completes when every remove is answered or has failed
     */
    public CompletableFuture<Void> unlist() {
        thread.shutdownNow();
        try {
            // The thread is interrupted out of any request it is waiting on; until it ends, the listings are its own.
            if (!thread.awaitTermination(REMOVES_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("YP directory {} did not stop; its listings are left to expire", url);
                return CompletableFuture.completedFuture(null);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> removes = new ArrayList<>();
        listings.forEach((path, listing) -> {
            // Also a listing whose last touch went unanswered: the directory may still list it.
            String sid = listing.takeSidToRemove();
            if (sid != null) {
                removes.add(removeLater(path, sid));
            }
        });
        listed = Set.of();
        return CompletableFuture.allOf(removes.toArray(CompletableFuture[]::new));
    }

    /**
     * Waits for {@code removes} ({@link #unlist}) until {@code deadline}, on the {@link System#nanoTime()} clock: a
     * directory that does not answer costs a stopping server that long at most, whatever the YP timeout and however many
     * mounts and directories, so that it still ends its listeners, sources and logs in time.
     */
    public static void awaitRemoves(CompletableFuture<Void> removes, long deadline) {
        try {
            removes.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException unanswered) {
            log.warn("YP directories did not answer every remove in time; stopping without their answers");
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops looking at the mounts and removes every listing, waiting {@link #REMOVES_WAIT} at most for the answers. */
    @Override
    public void close() {
        awaitRemoves(unlist(), System.nanoTime() + REMOVES_WAIT.toNanos());
    }

    /** One mount's place in the directory; the directory thread's. */
    private static final class Listing {
        /** When this mount is next added or touched, on the {@link System#nanoTime()} clock. */
        private long due;
        /** The directory's id for this mount's listing, or null while it is not listed. */
        private String sid;
        /**
         * The id of a listing whose touch went unanswered (so it is added afresh), kept until a new add succeeds: the
         * directory may still list it, so a mount that stops before then is removed with it, as Icecast keeps its sid.
         */
        private String staleSid;
        /** What the add said about the mount, and which source it was for. */
        private Described described;
        /** What the add the directory refused said, while no later add was made. */
        private Described refused;
        /** When the mount was last added or touched, on the {@link System#nanoTime()} clock. */
        private long touched;
        private String song;
        private Duration touchEvery;

        private Listing(long due) {
            this.due = due;
        }

        /** The id to remove this mount's listing with, if the directory may hold one, forgotten from now on. */
        private String takeSidToRemove() {
            String held = sid != null ? sid : staleSid;
            sid = null;
            staleSid = null;
            return held;
        }
    }

    /**
     * What a listing's add says about a mount, and the live source it was made for (its start; null while none plays).
     * The bitrate is not compared: without a declared one it is the last frame's, which a VBR stream changes at every
     * frame; a new source is added again anyway, with its own.
     */
    private record Described(String name, String genre, String description, String url, String type,
                             Instant sourceStart) {

        static Described of(MountStatus mount) {
            return new Described(mount.name(), mount.genre(), mount.description(), mount.url(), mount.contentType(),
                    mount.streamStart());
        }
    }
}
