package io.relaycast.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A mount a config reload adds is a configured mount, even if a source made it a moment before the reload set it up. */
class AutoDjReloadTest {

    private final EventLoopGroup loops = new NioEventLoopGroup(1);
    private final MountRegistry mounts =
            new MountRegistry(loops, PooledByteBufAllocator.DEFAULT, 512 * 1024, Duration.ofMillis(100));

    @AfterEach
    void stop() {
        // The adopted mount plays silence: its audio goes with it.
        mounts.closeAll().join();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aMountASourceMadeJustBeforeTheReloadSetItUpStaysOpenAfterTheShowAndIsSaidToNeedARestart() {
        try (AutoDj autoDj = new AutoDj(List.of(), mounts, new JukeboxRegistry(), PooledByteBufAllocator.DEFAULT)) {
            // Made as a source's claim makes it, between the reload's look for the mount and its setting it up.
            Mount sourceMade = mounts.keep("/x", this);

            boolean setUp = autoDj.add(MountConfig.of("/x"));

            assertThat(sourceMade.isPersistent()).isTrue();
            assertThat(setUp).isFalse();
        }
    }
}
