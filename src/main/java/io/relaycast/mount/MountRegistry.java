package io.relaycast.mount;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.relaycast.icy.IcyMetadata;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All mounts of the server by path. Sources create mounts on first connect; configured mounts exist from the start.
 * Each new mount is owned by the next event loop in turn, spreading mounts over cores.
 *
 * <p>A mount a source made is retired once it has neither a source nor listeners (and nothing {@link Mount#keep keeps}
 * it): it leaves the registry, its audio is released and its meters go, so sources trying one mount name after another
 * cost nothing once they are gone. The next source on that path makes a new mount. Whatever can make a mount busy again
 * (a source claiming it, a relay keeping it) does so under the map's lock for the path, as retiring does, so a retired
 * mount is never handed out.
 */
public final class MountRegistry {

    private static final Logger log = LoggerFactory.getLogger(MountRegistry.class);

    private final ConcurrentMap<String, Mount> mounts = new ConcurrentHashMap<>();
    private final EventLoopGroup group;
    private final List<EventLoop> loops;
    private final ByteBufAllocator allocator;
    private final long queueBytes;
    private final Duration chunkDuration;
    private final List<Consumer<Mount>> creationHooks = new CopyOnWriteArrayList<>();
    private final List<Consumer<Mount>> retirementHooks = new CopyOnWriteArrayList<>();
    /** Retired mounts still releasing their audio, which {@link #closeAll} waits for too. Also the retiring lock. */
    private final Set<CompletableFuture<Void>> retirements = ConcurrentHashMap.newKeySet();
    private boolean closing;
    /** Live sources that took a mount since the server started, for Icecast's admin stats: encoders, and relays. */
    private final LongAdder encoderConnections = new LongAdder();
    private final LongAdder relayConnections = new LongAdder();
    private final SourceVacancies vacancies = new SourceVacancies();
    private final WaitingTitles waitingTitles = new WaitingTitles();
    /** Held while an encoder counts the live sources and claims a mount, when their number is limited. */
    private final Object sourcePlaces = new Object();
    /** Held while mounts' fallback mounts are checked for a circle and set: see {@link #changingFallbacks}. */
    private final Object fallbacks = new Object();

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

    /**
     * Runs for every mount retired from now on, under the registry's lock for its path, before a new mount can take that
     * path: quick work only, and nothing that touches the registry.
     */
    public void onMountRetired(Consumer<Mount> hook) {
        retirementHooks.add(hook);
    }

    public Mount find(String path) {
        return mounts.get(path);
    }

    /**
     * Runs {@code change}, which checks that mounts' fallback mounts go round in no circle and then sets them (the
     * admin's {@code fallbacks}, a config reload), while no other such change runs: two run at once, {@code /a} to fall
     * back on {@code /b} and {@code /b} on {@code /a}, could each pass its check and make the circle together.
     */
    public <T> T changingFallbacks(Supplier<T> change) {
        synchronized (fallbacks) {
            return change.get();
        }
    }

    /**
     * Makes {@code source} (an encoder) the live input of the mount at {@code path}, created (not persistent) if it does
     * not exist; unless another source holds that mount, or {@code maxSources} (0: no limit) are live already and the
     * mount is not one of them. Counting the live sources and claiming are one step for every encoder, so two arriving
     * at once never both take the last place. Relays claim their mounts without a limit, but count towards it.
     */
    public SourceClaim claimLive(String path, LiveSource source, int maxSources) {
        return claimLive(path, source, maxSources, false);
    }

    /**
     * As {@link #claimLive(String, LiveSource, int)}, for a source that {@link #whenSourceLeaves waits} for the mount and
     * has not stopped waiting yet: a title kept for it meanwhile ({@link #keepTitleForWaitingSource}) is shown.
     */
    public SourceClaim claimLiveAfterWaiting(String path, LiveSource source, int maxSources) {
        return claimLive(path, source, maxSources, true);
    }

    private SourceClaim claimLive(String path, LiveSource source, int maxSources, boolean waited) {
        if (maxSources <= 0) {
            return claim(path, source, waited);
        }
        synchronized (sourcePlaces) {
            Mount current = mounts.get(path);
            if (current != null && current.liveSource() != null) {
                return SourceClaim.BUSY;
            }
            if (liveSources() >= maxSources) {
                return SourceClaim.TOO_MANY_SOURCES;
            }
            return claim(path, source, waited);
        }
    }

    private SourceClaim claim(String path, LiveSource source, boolean waited) {
        Mount[] claimed = new Mount[1];
        mounts.compute(path, (p, current) -> {
            Mount mount = current != null ? current : create(p, false);
            if (mount.claimLive(source)) {
                claimed[0] = mount;
            }
            return mount;
        });
        if (claimed[0] == null) {
            return SourceClaim.BUSY;
        }
        IcyMetadata title = waited ? waitingTitles.take(path) : null;
        if (title != null) {
            claimed[0].updateMetadata(title);
        }
        return SourceClaim.onAir(claimed[0]);
    }

    /**
     * Keeps {@code title}, an update for the mount at {@code path} sent from {@code from}, for the source that waits to
     * take it, if one does (see {@link WaitingTitles}) and the update may be its: sent from a waiting source's host, or
     * from another than the live source's. The outgoing DJ's last title stays the outgoing DJ's. Returns whether it was
     * kept.
     */
    public boolean keepTitleForWaitingSource(String path, IcyMetadata title, SocketAddress from) {
        if (sourcesWaitingFor(path) == 0 || !vacancies.waitsFrom(path, from) && fromLiveSource(path, from)) {
            return false;
        }
        waitingTitles.keep(path, title);
        return true;
    }

    private boolean fromLiveSource(String path, SocketAddress from) {
        Mount mount = mounts.get(path);
        LiveSource live = mount == null ? null : mount.liveSource();
        return live != null && SourceVacancies.sameHost(live.remote(), from);
    }

    /**
     * Runs {@code waiter}, a source from {@code from}, on the mount's event loop, each time a live source leaves the
     * mount at {@code path}, until the returned handle is run (the last waiter's handle also drops the title kept for
     * the waiters). A waiter that then claims the mount must claim it through {@link #claimLiveAfterWaiting}, before it
     * runs the handle: the mount may have been retired and made again.
     */
    public Runnable whenSourceLeaves(String path, SocketAddress from, Runnable waiter) {
        Runnable stopWaiting = vacancies.await(path, from, waiter);
        return () -> {
            stopWaiting.run();
            if (vacancies.waiting(path) == 0) {
                // Nobody is left to take it: the next source, much later maybe, starts without a title.
                waitingTitles.forget(path);
            }
        };
    }

    /** How many sources wait for the live source of the mount at {@code path} to leave (see {@link #whenSourceLeaves}). */
    public int sourcesWaitingFor(String path) {
        return vacancies.waiting(path);
    }

    /** The mount at {@code path}, created (not persistent) if need be, kept by {@code keeper} (see {@link Mount#keep}). */
    public Mount keep(String path, Object keeper) {
        return mounts.compute(path, (p, current) -> {
            Mount mount = current != null ? current : create(p, false);
            mount.keep(keeper);
            return mount;
        });
    }

    /** The mount at {@code path}, now kept by {@code keeper}, or null (and nothing kept) if there is none. */
    public Mount keepIfPresent(String path, Object keeper) {
        return mounts.computeIfPresent(path, (p, mount) -> {
            mount.keep(keeper);
            return mount;
        });
    }

    /** Creates a configured mount that stays listed even without a source. */
    public Mount createPersistent(String path) {
        return mounts.computeIfAbsent(path, p -> create(p, true));
    }

    /**
     * Whether a new source for the mount at {@code path} would be one more than {@code maxSources} (0: no limit) live at
     * once: not if that mount is live already, since the newcomer takes over from its source (an encoder reconnecting).
     * A first answer, given before a source is asked for more (a backend's word, its audio); {@link #claimLive} decides.
     */
    public boolean sourceLimitReached(String path, int maxSources) {
        if (maxSources <= 0) {
            return false;
        }
        Mount mount = mounts.get(path);
        if (mount != null && mount.liveSource() != null) {
            return false;
        }
        return liveSources() >= maxSources;
    }

    private long liveSources() {
        return mounts.values().stream().filter(live -> live.liveSource() != null).count();
    }

    /** How many times a live source (an encoder or a relay) took a mount since the server started. */
    public long sourceConnections() {
        return encoderConnections() + relayConnections();
    }

    /** How many times an encoder that connected to this server took a mount since it started. */
    public long encoderConnections() {
        return encoderConnections.sum();
    }

    /** How many times a relay of this server took a mount since it started. */
    public long relayConnections() {
        return relayConnections.sum();
    }

    public Collection<Mount> all() {
        List<Mount> sorted = new ArrayList<>(mounts.values());
        sorted.sort(Comparator.comparing(Mount::path));
        return sorted;
    }

    public List<EventLoop> loops() {
        return loops;
    }

    /** Closes every mount: their sources are disconnected and their audio dropped; completes when all is released. */
    public CompletableFuture<Void> closeAll() {
        List<CompletableFuture<Void>> closed;
        synchronized (retirements) {
            closing = true;
            closed = new ArrayList<>(retirements);
        }
        mounts.values().forEach(mount -> closed.add(mount.close()));
        return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
    }

    private Mount create(String path, boolean persistent) {
        EventLoop owner = group.next();
        Mount mount = new Mount(path, owner, loops, allocator, queueBytes, chunkDuration, persistent);
        mount.whenIdle(() -> retireIfIdle(mount));
        mount.addObserver(new MountObserver() {
            @Override
            public void liveStarted(Mount liveMount, LiveSource source) {
                (source.relay() ? relayConnections : encoderConnections).increment();
            }

            @Override
            public void liveEnded(Mount endedMount, LiveSource source) {
                vacancies.vacated(endedMount.path());
            }
        });
        creationHooks.forEach(hook -> hook.accept(mount));
        return mount;
    }

    /**
     * Retires {@code mount} if it is still the one at its path and nothing needs it (see {@link Mount#retire}). Never
     * called from inside another computation on the map: the mount asks for it from a task of its own.
     */
    private void retireIfIdle(Mount mount) {
        synchronized (retirements) {
            if (closing) {
                return;
            }
            boolean[] retired = new boolean[1];
            mounts.computeIfPresent(mount.path(), (path, current) -> {
                if (current != mount || !mount.retire()) {
                    return current;
                }
                retired[0] = true;
                retirementHooks.forEach(hook -> hook.accept(mount));
                return null;
            });
            if (retired[0]) {
                log.info("mount {} removed: no source and no listeners", mount.path());
                CompletableFuture<Void> released = mount.close();
                retirements.add(released);
                released.whenComplete((ignored, failure) -> retirements.remove(released));
            }
        }
    }
}
