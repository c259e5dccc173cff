package io.relaycast.testing;

import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.mount.StreamInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/** Puts mounts on air without an encoder, for tests of what the server reports about them. */
public final class Mounts {

    private Mounts() {
    }

    /**
     * Claims {@code path} for a stand-in live source describing itself with {@code info}; {@code disconnects} counts
     * calls of its closer (admin killsource). Returns once the mount is live.
     */
    public static Mount live(TestServer server, String path, StreamInfo info, AtomicInteger disconnects) {
        LiveSource[] holder = new LiveSource[1];
        Mount[] claimed = new Mount[1];
        holder[0] = new LiveSource(new InetSocketAddress("127.0.0.1", 9), "test-encoder", Instant.now(), info, () -> {
            disconnects.incrementAndGet();
            claimed[0].releaseLive(holder[0]);
        });
        Mount mount = server.context().mounts().claimLive(path, holder[0], 0).mount();
        if (mount == null) {
            throw new IllegalStateException(path + " already has a live source");
        }
        claimed[0] = mount;
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> mount.onAir() == OnAir.LIVE);
        return mount;
    }

    public static StreamInfo info(String name, String description, String audioInfo) {
        return new StreamInfo(name, description, "Jazz", "https://radio.example", true, "", audioInfo, StreamInfo.MPEG);
    }
}
