package io.relaycast.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Turns a Netty resource leak into a failing test class.
 *
 * <p>Registered for every test through JUnit's extension auto-detection
 * ({@code META-INF/services/org.junit.jupiter.api.extension.Extension} and {@code junit-platform.properties}).
 * JUnit instantiates auto-detected extensions before it initializes any test class, so the static initializer below
 * installs the recording factory before Netty's allocators create their detectors (in {@code AbstractByteBuf}'s static
 * initializer). {@link #afterAll} also checks that this really happened, rather than trusting it.
 *
 * <p>After each test class: collect garbage, then allocate and release a few buffers so that the detectors poll
 * their reference queues (they only do so when tracking a new resource), a few rounds; any recorded leak fails the
 * class with its access records.
 */
public final class LeakDetectionExtension implements AfterAllCallback {

    private static final int ROUNDS = 4;
    /** How long to wait at most for one collection to enqueue what it cleared. */
    private static final long GC_WAIT_MILLIS = 400;
    /** Netty's default for io.netty.leakDetection.samplingInterval (the constant itself is not public). */
    private static final int DEFAULT_SAMPLING_INTERVAL = 128;

    static {
        // The build sets paranoid (pom.xml, test.argLine); keep IDE runs just as strict unless told otherwise.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingLeakDetectorFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!ResourceLeakDetector.isEnabled()) {
            return;
        }
        provokeLeakReports();
        if (!LeakRecorder.recordsLeaksOf(ByteBuf.class)) {
            throw new AssertionFailedError("Netty created its ByteBuf leak detector before LeakDetectionExtension installed"
                    + " its recording factory, so leaks would go unnoticed: check that extension auto-detection is enabled"
                    + " and that nothing touches Netty buffers before JUnit starts");
        }
        List<LeakRecorder.Leak> leaks = LeakRecorder.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionFailedError(leaks.size() + " Netty resource leak(s) reported after "
                    + context.getDisplayName() + " (or a class before it):\n"
                    + leaks.stream().map(LeakRecorder.Leak::describe).collect(Collectors.joining("\n\n")));
        }
    }

    /**
     * Makes the detectors report every leaked resource that is already unreachable: garbage-collects, then tracks a few
     * fresh buffers (each track polls the detector's reference queue), several rounds.
     */
    public static void provokeLeakReports() {
        int buffersPerRound = ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID
                ? 2
                : 4 * Integer.getInteger("io.netty.leakDetection.samplingInterval", DEFAULT_SAMPLING_INTERVAL);
        for (int round = 0; round < ROUNDS; round++) {
            collectGarbage();
            for (int i = 0; i < buffersPerRound; i++) {
                allocateAndRelease(PooledByteBufAllocator.DEFAULT);
                allocateAndRelease(UnpooledByteBufAllocator.DEFAULT);
            }
        }
    }

    private static void allocateAndRelease(ByteBufAllocator allocator) {
        allocator.directBuffer(1).release();
        allocator.heapBuffer(1).release();
    }

    /**
     * Runs a garbage collection and waits until the collector has enqueued the references it cleared, which is when
     * the leak detectors can see leaked buffers: a sentinel object made unreachable before the collection is
     * enqueued in the same pass.
     */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(GC_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for leaked buffers to be collected", e);
        }
        Reference.reachabilityFence(sentinel);
    }
}
