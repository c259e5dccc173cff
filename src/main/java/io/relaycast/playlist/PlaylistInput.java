package io.relaycast.playlist;

import io.netty.buffer.ByteBufAllocator;
import io.relaycast.conform.ReencodedFile;
import io.relaycast.conform.Reencoder;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.FallbackInput;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountStats;
import io.relaycast.mount.OnAir;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3FileReader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SampleFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A playlist as a mount's fallback input, and its {@link Jukebox}.
 *
 * <p>Files are read off the event loop, on a shared reader thread, in bounded blocks ({@link Mp3FileReader}); a small
 * prefetch ({@value #PREFETCH_MILLIS} ms of audio) waits in a queue that the mount's loop polls, one frame when one is
 * due. The playlist is scanned (folder walk, ID3 titles) on another shared thread, so that a large library does not
 * hold up the prefetch of every playlist mount. While a live source holds the mount nobody polls, so play resumes
 * exactly where it stopped. Each track play has a sequence number: skipping drops the frames of the play that is on
 * air (at a frame boundary) while the prefetched next track stays. A file that is missing, unreadable, empty or not
 * MP3 is skipped with one log line and counted.
 */
public final class PlaylistInput implements FallbackInput, Jukebox {

    static final long PREFETCH_MILLIS = 2000;
    private static final long PREFETCH_NANOS = PREFETCH_MILLIS * 1_000_000L;
    /** Topped up below 1.5 s: the reader thread is shared, a slow open (ffmpeg for conform) may hold it a while. */
    private static final long REFILL_NANOS = PREFETCH_NANOS * 3 / 4;
    private static final Logger log = LoggerFactory.getLogger(PlaylistInput.class);
    private static final String NO_AUDIO = "no MPEG audio frames (empty or not MP3)";
    /** How long the reader rests after a fill failed unexpectedly (memory ran out, a bug): not at every frame's poll. */
    private static final long FAILED_FILL_PAUSE_NANOS = 1_000_000_000L;

    private final String mount;
    /** The mount played to: its stream's format, and whether tracks of another format are re-encoded ({@code conform}). */
    private final Mount target;
    private final PlaylistScanner scanner;
    private final PlaylistOrder order;
    private final Executor reader;
    private final Executor scans;
    private final ByteBufAllocator allocator;
    private final MountStats stats;
    private final boolean nextTrackOnResume;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedNanos = new AtomicLong();
    private final AtomicBoolean filling = new AtomicBoolean();
    /** Until when (System.nanoTime) the loop's polls ask for no fill, after one failed unexpectedly. */
    private volatile long fillPausedUntil = System.nanoTime();
    /** A rescan waits for the reader thread: more requests meanwhile are that one, not one full walk each. */
    private final AtomicBoolean scanPending = new AtomicBoolean();
    private final Set<String> reported = new HashSet<>();
    /** Not read again at each rescan: reading one is up to a MiB of the shared reader thread's time. */
    private final UnplayableFiles unplayable = new UnplayableFiles();
    private volatile Track current;
    private volatile long currentPlay;
    private volatile long skipUpTo;
    private volatile boolean exhausted;
    private volatile boolean closed;
    private volatile IcyMetadata metadata = IcyMetadata.none();
    // Owned by the reader thread.
    private Mp3FileReader file;
    private boolean fileReencoded;
    private Track fileTrack;
    private long filePlay;
    private long plays;
    /**
     * Set when a rescan found the same list while nothing in it played: the files are tried again (they may have become
     * readable), but those already reported are not logged or counted again, nor is "nothing playable".
     */
    private boolean retryingUnplayable;
    /** Whether the first scan's tracks arrived: before that an empty list is no news, nor a reason to stop filling. */
    private boolean firstScanTaken;

    /** A track's re-encoding and its first frame. */
    private record Reencoded(Mp3FileReader reader, Mp3Frame first) {
    }

    /** One prefetched thing: the start of a track play, or one of its frames. */
    private record Item(long play, Track start, Mp3Frame frame) {
    }

    /**
     * @param mount             the mount this playlist plays to
     * @param reader            a single thread for file IO, shared by playlists
     * @param scans             a single thread for playlist scans, shared by playlists
     * @param nextTrackOnResume when a live source leaves, start the next track instead of going on with the paused one
     */
    public PlaylistInput(Mount mount, Path location, boolean shuffle, boolean nextTrackOnResume, Executor reader,
                         Executor scans, ByteBufAllocator allocator) {
        this.mount = mount.path();
        this.target = mount;
        this.scanner = new PlaylistScanner(location);
        this.order = new PlaylistOrder(shuffle, new Random());
        this.reader = reader;
        this.scans = scans;
        this.allocator = allocator;
        this.stats = mount.stats();
        this.nextTrackOnResume = nextTrackOnResume;
    }

    // ---- FallbackInput, on the mount's loop

    @Override
    public Mp3Frame poll() {
        if (closed) {
            return null;
        }
        Item item;
        while ((item = queue.poll()) != null) {
            if (item.frame() != null) {
                queuedNanos.addAndGet(-item.frame().durationNanos());
            }
            if (item.play() <= skipUpTo) {
                release(item);
            } else if (item.start() != null) {
                startPlay(item);
            } else {
                fillIfLow();
                return item.frame();
            }
        }
        fillIfLow();
        return null;
    }

    @Override
    public IcyMetadata metadata() {
        return metadata;
    }

    @Override
    public OnAir kind() {
        return OnAir.PLAYLIST;
    }

    @Override
    public void resuming() {
        if (nextTrackOnResume) {
            skip();
        }
    }

    private void startPlay(Item item) {
        current = item.start();
        currentPlay = item.play();
        metadata = IcyMetadata.of(item.start().title(), "");
        stats.trackStarted();
        log.info("mount {}: playing {} ({})", mount, item.start().title(), item.start().id());
    }

    private void fillIfLow() {
        if (queuedNanos.get() < REFILL_NANOS && !exhausted && System.nanoTime() - fillPausedUntil >= 0
                && filling.compareAndSet(false, true)) {
            reader.execute(this::fill);
        }
    }

    // ---- Jukebox, any thread

    @Override
    public String mount() {
        return mount;
    }

    @Override
    public Optional<Track> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public List<Track> upcoming(int max) {
        List<Track> next = new ArrayList<>();
        long skipped = skipUpTo;
        for (Item item : queue) {
            if (item.start() != null && item.play() > skipped && next.size() < max) {
                next.add(item.start());
            }
        }
        for (Track track : order.upcoming(max)) {
            if (next.size() < max) {
                next.add(track);
            }
        }
        return List.copyOf(next);
    }

    @Override
    public List<Track> tracks() {
        return order.tracks();
    }

    @Override
    public void skip() {
        skipUpTo = Math.max(skipUpTo, currentPlay);
        log.info("mount {}: skip {}", mount, current == null ? "(nothing playing)" : current.title());
        requestFill();
    }

    @Override
    public Enqueued enqueue(String id) {
        Enqueued result = order.enqueue(id);
        if (result == Enqueued.QUEUED) {
            log.info("mount {}: queued {}", mount, id);
        }
        return result;
    }

    @Override
    public void rescan() {
        if (scanPending.compareAndSet(false, true)) {
            scans.execute(() -> {
                // Cleared first: a file changed during this walk may have been passed already.
                scanPending.set(false);
                scan();
            });
        }
    }

    /** Stops reading and releases every prefetched frame (on the reader thread, after any fill in progress). */
    public void close() {
        closed = true;
        reader.execute(() -> {
            closeFile();
            Item item;
            while ((item = queue.poll()) != null) {
                release(item);
            }
        });
    }

    // ---- reader thread

    /**
     * Reads the playlist again, on the scan thread, and hands the tracks to the reader thread; also runs periodically, so
     * changes are picked up without a restart.
     */
    public void scan() {
        if (!closed) {
            Optional<List<Track>> scanned = scanner.scan();
            if (!closed) {
                reader.execute(() -> take(scanned));
            }
        }
    }

    private void take(Optional<List<Track>> scanned) {
        if (closed) {
            return;
        }
        firstScanTaken = true;
        // A playlist that cannot be read now (a passing failure) keeps its tracks, queue and shuffle.
        Optional<List<Track>> changed = scanned.filter(now -> !now.equals(order.tracks()));
        changed.ifPresent(now -> {
            order.update(now);
            log.info("mount {}: playlist {} has {} tracks", mount, scanner.location(), now.size());
        });
        // Files may have become readable: try again.
        retryingUnplayable = exhausted && changed.isEmpty();
        exhausted = false;
    }

    private void requestFill() {
        if (filling.compareAndSet(false, true)) {
            reader.execute(this::fill);
        }
    }

    private void fill() {
        try {
            if (!prefetch()) {
                return;
            }
        } catch (RuntimeException | Error unexpected) {
            // Memory running out (a buffer for the file), or a bug: the track is given up, and the reader rests a moment
            // rather than failing again at every silent frame's poll. What failed is logged by the reader's LoggedTasks.
            closeFile();
            fillPausedUntil = System.nanoTime() + FAILED_FILL_PAUSE_NANOS;
            throw unexpected;
        } finally {
            filling.set(false);
        }
        if (!closed && !exhausted && prefetchedNanos() < REFILL_NANOS) {
            // A skip while this fill was ending.
            requestFill();
        }
    }

    /** Reads frames into the queue until it holds the prefetch; false when no track could be opened. */
    private boolean prefetch() {
        while (!closed && prefetchedNanos() < PREFETCH_NANOS) {
            if (file != null && filePlay <= skipUpTo) {
                closeFile();
            }
            if (file == null && !openNext()) {
                return false;
            }
            Mp3Frame frame = readFrame();
            if (frame == null) {
                closeFile();
                continue;
            }
            queuedNanos.addAndGet(frame.durationNanos());
            queue.add(new Item(filePlay, null, frame));
        }
        return true;
    }

    /**
     * The audio queued for the loop, less the frames of skipped plays still in the queue: those are dropped, not
     * played, so a skip opens the next track at once instead of after the loop has drained them and run dry.
     */
    private long prefetchedNanos() {
        long queued = queuedNanos.get();
        long upTo = skipUpTo;
        Item head = queue.peek();
        if (head == null || head.play() > upTo) {
            return queued;
        }
        long skipped = 0;
        for (Item item : queue) {
            if (item.play() > upTo) {
                break;
            }
            skipped += item.frame() == null ? 0 : item.frame().durationNanos();
        }
        return queued - skipped;
    }

    private Mp3Frame readFrame() {
        try {
            Mp3Frame frame = file.next();
            if (frame != null && fileReencoded) {
                stats.frameReencoded();
            }
            return frame;
        } catch (IOException broken) {
            log.warn("mount {}: reading {} failed, rest of the file skipped: {}", mount, fileTrack.file(), broken.toString());
            return null;
        }
    }

    /** Opens the next playable track, trying each track of the list at most once; false when none can be played. */
    private boolean openNext() {
        int attempts = Math.max(1, order.tracks().size());
        for (int i = 0; i < attempts && !closed; i++) {
            Track track = order.next();
            if (track == null) {
                break;
            }
            if (open(track)) {
                retryingUnplayable = false;
                return true;
            }
        }
        if (!firstScanTaken) {
            return false;
        }
        if (!retryingUnplayable) {
            log.warn("mount {}: nothing playable in {}; silence until it changes", mount, scanner.location());
        }
        exhausted = true;
        return false;
    }

    private boolean open(Track track) {
        if (unplayable.contains(track.file())) {
            return skipped(track, NO_AUDIO);
        }
        if (Files.exists(track.file()) && !Files.isRegularFile(track.file())) {
            // A list may name a named pipe or a device: opening one can wait for a writer, holding up every playlist.
            return skipped(track, "not a regular file");
        }
        // Owned here until handed to the queue and the reader thread's state; released or closed on every other path.
        Mp3FileReader opened = null;
        Mp3Frame first = null;
        try {
            opened = new Mp3FileReader(track.file(), allocator);
            first = opened.next();
            if (first == null) {
                unplayable.remember(track.file());
                return skipped(track, NO_AUDIO);
            }
            Reencoded reencoded = reencode(track, first.header());
            fileReencoded = reencoded != null;
            if (fileReencoded) {
                Mp3FileReader original = opened;
                Mp3Frame originalFirst = first;
                opened = reencoded.reader();
                first = reencoded.first();
                originalFirst.release();
                closeQuietly(original);
                stats.frameReencoded();
            }
            start(track, opened, first);
            opened = null;
            first = null;
            return true;
        } catch (IOException | RuntimeException unreadable) {
            String reason = Files.exists(track.file()) ? "unreadable: " + unreadable : "missing";
            return skipped(track, reason);
        } finally {
            if (first != null) {
                first.release();
            }
            closeQuietly(opened);
        }
    }

    /** Queues the start of a play of {@code track} and its first frame, and reads the rest from {@code opened}. */
    private void start(Track track, Mp3FileReader opened, Mp3Frame first) {
        filePlay = ++plays;
        queue.add(new Item(filePlay, track, null));
        queuedNanos.addAndGet(first.durationNanos());
        queue.add(new Item(filePlay, null, first));
        file = opened;
        fileTrack = track;
    }

    /** {@code track} re-encoded, with its first frame; null when it plays as it is. Nothing is left open on failure. */
    private Reencoded reencode(Track track, FrameHeader header) {
        Mp3FileReader reader = reencoded(track, header);
        Mp3Frame first = null;
        try {
            first = firstFrame(reader);
            return first == null ? null : new Reencoded(reader, first);
        } finally {
            if (first == null) {
                closeQuietly(reader);
            }
        }
    }

    /**
     * {@code track} re-encoded to the stream's format, when the mount conforms its inputs and the track (whose first
     * frame is {@code header}) would change it; null when it plays as it is, or its re-encoding cannot start.
     */
    private Mp3FileReader reencoded(Track track, FrameHeader header) {
        String ffmpeg = target.conformingWith();
        SampleFormat stream = target.streamFormat().target();
        if (ffmpeg == null || stream == null || !Reencoder.changesFormat(header, stream)) {
            return null;
        }
        Reencoder.Target format = Reencoder.Target.of(stream, header.bitrateKbps());
        try {
            log.info("mount {}: {} is {} Hz/{} ch, re-encoded to the stream's {} Hz/{} ch at {} kbit/s (conform)", mount,
                    track.file(), header.sampleRate(), header.channels(), format.sampleRate(), format.channels(),
                    format.bitrateKbps());
            return ReencodedFile.open(ffmpeg, track.file(), format, allocator);
        } catch (IOException cannotRun) {
            log.warn("mount {}: cannot start {} to re-encode {} ({}): it plays as it is", mount, ffmpeg, track.file(),
                    cannotRun.getMessage());
            return null;
        }
    }

    /** The first frame of {@code reencoded}, or null if there is none (ffmpeg could not read the file) or no reader. */
    private Mp3Frame firstFrame(Mp3FileReader reencoded) {
        try {
            return reencoded == null ? null : reencoded.next();
        } catch (IOException broken) {
            log.warn("mount {}: re-encoding failed, the track plays as it is: {}", mount, broken.toString());
            return null;
        }
    }

    private boolean skipped(Track track, String reason) {
        boolean known = !reported.add(track.file() + "@" + version(track.file()));
        if (known && retryingUnplayable) {
            log.debug("mount {}: {} still cannot be played: {}", mount, track.file(), reason);
            return false;
        }
        stats.playlistFileSkipped();
        if (known) {
            log.debug("mount {}: skipped {} again: {}", mount, track.file(), reason);
        } else {
            log.warn("mount {}: skipped {}: {}", mount, track.file(), reason);
        }
        return false;
    }

    /** The file's modification time and size, which tell one version of it from another; "missing" if it has none. */
    private static String version(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
        } catch (IOException missing) {
            return "missing";
        }
    }

    private void closeFile() {
        closeQuietly(file);
        file = null;
    }

    private void closeQuietly(Mp3FileReader opened) {
        if (opened == null) {
            return;
        }
        try {
            opened.close();
        } catch (IOException ignored) {
            log.debug("mount {}: closing a playlist file failed: {}", mount, ignored.toString());
        }
    }

    private static void release(Item item) {
        if (item.frame() != null) {
            item.frame().release();
        }
    }
}
