package io.relaycast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link LeakDetectionExtension} would catch a leak: leaks buffers on purpose, sees them recorded, and
 * drains exactly those records so that this class itself does not fail.
 */
class LeakDetectionExtensionTest {

    private static final int MAX_ROUNDS = 50;

    @Test
    void recordingFactoryIsInstalledBeforeNettyCreatesItsDetectors() {
        assertThat(ResourceLeakDetectorFactory.instance()).isInstanceOf(RecordingLeakDetectorFactory.class);

        PooledByteBufAllocator.DEFAULT.directBuffer(1).release();

        assertThat(LeakRecorder.recordsLeaksOf(ByteBuf.class))
                .as("the ByteBuf leak detector was created by the recording factory")
                .isTrue();
    }

    @Test
    void leakedPooledDirectBufferIsRecorded() {
        assertLeakIsRecorded(PooledByteBufAllocator.DEFAULT);
    }

    @Test
    void leakedUnpooledDirectBufferIsRecorded() {
        assertLeakIsRecorded(UnpooledByteBufAllocator.DEFAULT);
    }

    private static void assertLeakIsRecorded(ByteBufAllocator allocator) {
        String marker = "deliberate-leak-" + UUID.randomUUID();
        leakOneDirectBuffer(allocator, marker);

        List<LeakRecorder.Leak> leaks = List.of();
        for (int round = 0; round < MAX_ROUNDS && leaks.isEmpty(); round++) {
            LeakDetectionExtension.provokeLeakReports();
            leaks = LeakRecorder.drainMatching(marker);
        }

        assertThat(leaks).as("leak reports carrying the marker %s", marker).hasSize(1);
        assertThat(leaks.get(0).resourceType()).isEqualTo("ByteBuf");
    }

    /** Allocates in its own frame so no local variable keeps the buffer reachable once this returns. */
    private static void leakOneDirectBuffer(ByteBufAllocator allocator, String marker) {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        // Paranoid tracks every buffer and keeps touch hints, whatever level this run was started with.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            ByteBuf leaked = allocator.directBuffer(64);
            leaked.touch(marker).writeLong(42L);
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
    }
}
