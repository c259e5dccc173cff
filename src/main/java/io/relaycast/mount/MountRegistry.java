package io.relaycast.mount;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * All mounts of the server by path. Sources create mounts on first connect; configured mounts exist from the start.
 * Each new mount is owned by the next event loop in turn, spreading mounts over cores.
 */
public final class MountRegistry {

    private final ConcurrentMap<String, Mount> mounts = new ConcurrentHashMap<>();
    private final EventLoopGroup group;
    private final List<EventLoop> loops;
    private final ByteBufAllocator allocator;
    private final long queueBytes;
    private final Duration chunkDuration;
    private final List<Consumer<Mount>> creationHooks = new CopyOnWriteArrayList<>();

    public MountRegistry(EventLoopGroup group, ByteBufAllocator allocator, long queueBytes, Duration chunkDuration) {
        this.group = group;
        this.allocator = allocator;
        this.queueBytes = queueBytes;
        this.chunkDuration = chunkDuration;
        List<EventLoop> all = new ArrayList<>();
        for (EventExecutor executor : group) {
            all.add((EventLoop) executor);
        }
        this.loops = List.copyOf(all);
    }

    /** Runs for every mount created from now on, before any listener or source sees it. */
    public void onMountCreated(Consumer<Mount> hook) {
        creationHooks.add(hook);
    }

    public Mount find(String path) {
        return mounts.get(path);
    }

    /** The mount at {@code path}, created (not persistent) if it does not exist yet. */
    public Mount getOrCreate(String path) {
        return mounts.computeIfAbsent(path, p -> create(p, false));
    }

    /** Creates a configured mount that stays listed even without a source. */
    public Mount createPersistent(String path) {
        return mounts.computeIfAbsent(path, p -> create(p, true));
    }

    public Collection<Mount> all() {
        List<Mount> sorted = new ArrayList<>(mounts.values());
        sorted.sort(Comparator.comparing(Mount::path));
        return sorted;
    }

    public List<EventLoop> loops() {
        return loops;
    }

    /**
     * Closes every mount: their sources are disconnected and their audio dropped. Returns once every loop has run the
     * close (so no chunk is left in a feed when the loops shut down), unless called from an event loop.
     */
    public void closeAll() {
        mounts.values().forEach(Mount::close);
        for (Mount mount : mounts.values()) {
            awaitLoop(mount.loop());
        }
        loops.forEach(MountRegistry::awaitLoop);
    }

    private static void awaitLoop(EventLoop loop) {
        if (!loop.inEventLoop() && !loop.isShuttingDown()) {
            loop.submit(() -> { }).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    private Mount create(String path, boolean persistent) {
        EventLoop owner = group.next();
        Mount mount = new Mount(path, owner, loops, allocator, queueBytes, chunkDuration, persistent);
        creationHooks.forEach(hook -> hook.accept(mount));
        return mount;
    }
}
