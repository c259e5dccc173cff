package io.relaycast.hooks;

import io.netty.buffer.ByteBuf;
import io.relaycast.config.DumpFileName;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountObserver;
import io.relaycast.mount.OnAir;
import io.relaycast.mp3.Mp3Frame;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Icecast's {@code dump-file}: records a mount's live stream while a source is connected, appending to a file named at
 * connect time (strftime-style, see {@link DumpFileName}), so a DJ's set, or each day's, is kept. The file gets exactly
 * what listeners get: whole frames, after resync, never a playlist or the silence between sets.
 *
 * <p>Frames arrive on the mount's event loop and are written on the one writer thread, never the loop. A disk slower
 * than the stream costs frames of the recording, counted and logged, never the listeners' audio or unbounded memory:
 * at most {@link #MAX_PENDING_BYTES} wait for the writer.
 */
final class StreamDump implements MountObserver, Consumer<Mp3Frame> {

    private static final Logger log = LoggerFactory.getLogger(StreamDump.class);
    /** About a minute of 128 kbit/s audio waiting for the disk; more is dropped from the recording. */
    static final long MAX_PENDING_BYTES = 1024 * 1024;

    private final Mount mount;
    private final String pattern;
    private final Executor writer;
    private final AtomicLong pendingBytes = new AtomicLong();
    /** Mount loop only: whether frames now are the live source's. */
    private boolean recording;
    /** Mount loop only: frames left out of this session's recording because the writer was behind. */
    private long dropped;
    /** Writer thread only. */
    private FileChannel file;
    private Path path;
    private long written;

    StreamDump(Mount mount, String pattern, Executor writer) {
        this.mount = mount;
        this.pattern = pattern;
        this.writer = writer;
    }

    @Override
    public void liveStarted(Mount on, LiveSource source) {
        Path named = Path.of(DumpFileName.expand(pattern, ZonedDateTime.now()));
        if (submit(() -> open(named))) {
            recording = true;
            dropped = 0;
        }
    }

    @Override
    public void liveEnded(Mount on, LiveSource source) {
        if (!recording) {
            return;
        }
        recording = false;
        long droppedNow = dropped;
        submit(() -> close(droppedNow));
    }

    /**
     * A frame the mount published: kept while a live source is on, released otherwise. Mount loop. The mount's state
     * is asked too: other observers told of the source's end before this one (a playlist resuming) publish at once.
     */
    @Override
    public void accept(Mp3Frame frame) {
        int length = frame.content().readableBytes();
        boolean live = recording && mount.onAir() == OnAir.LIVE;
        if (!live || pendingBytes.get() + length > MAX_PENDING_BYTES) {
            if (live) {
                dropped++;
            }
            frame.release();
            return;
        }
        pendingBytes.addAndGet(length);
        if (!submit(() -> write(frame, length))) {
            pendingBytes.addAndGet(-length);
            frame.release();
        }
    }

    /** Closes the file if a session is still being recorded (the server is stopping). Writer thread. */
    void closeOnWriter() {
        if (file != null) {
            close(0);
        }
    }

    private boolean submit(Runnable task) {
        try {
            writer.execute(task);
            return true;
        } catch (RejectedExecutionException stopped) {
            return false;
        }
    }

    private void open(Path named) {
        if (file != null) {
            close(0);
        }
        try {
            Path parent = named.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            file = FileChannel.open(named, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            path = named;
            written = 0;
            log.info("mount {}: recording the live source to {}", mount.path(), named);
        } catch (IOException | RuntimeException cannotOpen) {
            log.error("mount {}: cannot open dump file {} for appending ({}); not recording this session", mount.path(), named,
                    cannotOpen.toString());
        }
    }

    private void write(Mp3Frame frame, int length) {
        try {
            if (file == null) {
                return;
            }
            ByteBuf content = frame.content();
            int index = content.readerIndex();
            int end = index + length;
            while (index < end) {
                index += content.getBytes(index, file, end - index);
            }
            written += length;
        } catch (IOException failed) {
            log.error("mount {}: writing dump file {} failed ({}); not recording the rest of this session", mount.path(), path,
                    failed.toString());
            closeQuietly();
        } finally {
            pendingBytes.addAndGet(-length);
            frame.release();
        }
    }

    private void close(long droppedFrames) {
        if (file == null) {
            return;
        }
        closeQuietly();
        log.info("mount {}: recorded {} bytes to {}{}", mount.path(), written, path,
                droppedFrames > 0 ? ", " + droppedFrames + " frames left out (the disk was behind)" : "");
    }

    private void closeQuietly() {
        try {
            file.close();
        } catch (IOException ignored) {
            // Nothing more to write to it either way.
        }
        file = null;
    }
}
