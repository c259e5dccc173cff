package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.mount.StreamInfo;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SilentFrames;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay whose origin sends only filler steps aside for its mount's fallback, and takes the mount back with the
 * origin's audio, titles included: a title the origin announced meanwhile is not sent again, as the origin repeats it.
 */
class OriginFillerWatchTest {

    private static final String LOCAL = "/radio";
    private static final int METAINT = 4096;

    @TempDir
    Path dir;

    @Test
    void theTitleTheOriginAnnouncedWhileTheRelaySteppedAsideIsShownWhenItTakesTheMountBack() throws Exception {
        OriginStream stream = toneGapTone();
        AtomicReference<Mount> relayed = new AtomicReference<>();
        BooleanSupplier steppedAside = () -> relayed.get() != null && relayed.get().liveSource() == null;
        try (ServerSocket origin = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(origin, stream.audio(), stream.announced(), steppedAside), "filler-origin");
            serving.start();
            try (TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.builder(LOCAL)
                    .relay(URI.create("http://127.0.0.1:" + origin.getLocalPort() + "/live")).build())))) {
                Mount mount = relay.context().mounts().find(LOCAL);
                relayed.set(mount);
                await("live again with the title announced meanwhile").atMost(Duration.ofSeconds(15))
                        .until(() -> mount.onAir() == OnAir.LIVE && "Next Song".equals(mount.metadata().title()));
            }
            serving.join(10_000);
        }
    }

    @Test
    void anOriginBackOnAirWhileASourceHoldsTheMountIsHungUpOnWithOneWarning() throws Exception {
        List<byte[]> tone = TestAudio.toneFrames(dir, 1);
        FrameHeader header = FrameHeader.parse(ByteBuffer.wrap(tone.get(0)).getInt());
        byte[] filler = SilentFrames.silentFrame(header);
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.of(LOCAL))));
             LoggedWarnings warnings = LoggedWarnings.of(OriginFillerWatch.class)) {
            Mount mount = server.context().mounts().find(LOCAL);
            LiveSource relay = source("relay");
            EmbeddedChannel channel = new EmbeddedChannel(new OriginFillerWatch(mount, relay, "origin", () -> null, () -> { }));
            channel.writeInbound(new Mp3Frame(header, Unpooled.wrappedBuffer(filler)));
            assertThat(mount.liveSource()).isNull();
            channel.writeInbound(new Mp3Frame(header, Unpooled.wrappedBuffer(tone.get(0))));
            assertThat(mount.liveSource()).isSameAs(relay);
            for (int i = 0; i < 3 * 1000 / 26; i++) {
                channel.writeInbound(new Mp3Frame(header, Unpooled.wrappedBuffer(filler)));
            }
            assertThat(mount.liveSource()).as("stepped aside").isNull();
            for (Object passed = channel.readInbound(); passed != null; passed = channel.readInbound()) {
                ReferenceCountUtil.release(passed);
            }
            assertThat(mount.claimLive(source("dj"))).isTrue();

            // The origin's audio, three frames in one read: the first finds the mount held, and the channel closes.
            channel.writeInbound(new Mp3Frame(header, Unpooled.wrappedBuffer(tone.get(0))),
                    new Mp3Frame(header, Unpooled.wrappedBuffer(tone.get(1))),
                    new Mp3Frame(header, Unpooled.wrappedBuffer(tone.get(2))));
            assertThat(channel.isOpen()).isFalse();
            assertThat((Object) channel.readInbound()).isNull();
            assertThat(warnings.count(Level.WARN, "relay " + LOCAL, "a source holds the mount")).isEqualTo(1);
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aTitleTheOriginAnnouncesWhileALocalSourceHoldsTheMountIsNotShownOverThatSource() throws Exception {
        OriginStream stream = toneGapTone();
        AtomicReference<Mount> relayed = new AtomicReference<>();
        LiveSource dj = source("dj");
        try (ServerSocket origin = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The origin announces its next song once a local DJ has taken the mount the relay stepped aside from.
            Thread serving = new Thread(() -> serve(origin, stream.audio(), stream.announced(),
                    () -> relayed.get() != null && relayed.get().liveSource() == dj), "filler-origin");
            serving.start();
            try (TestServer relay = TestServer.start(TestServer.config().withMounts(List.of(MountConfig.builder(LOCAL)
                    .relay(URI.create("http://127.0.0.1:" + origin.getLocalPort() + "/live")).build())))) {
                Mount mount = relay.context().mounts().find(LOCAL);
                relayed.set(mount);
                // Counted, not watched: the origin's tone and filler come in one burst, so the relay may be live for
                // only a few milliseconds before it steps aside.
                await("the relay went live").atMost(Duration.ofSeconds(10)).until(() -> mount.stats().sourceConnects() >= 1);
                await("the relay stepped aside").atMost(Duration.ofSeconds(10)).until(() -> mount.liveSource() == null);
                assertThat(mount.claimLive(dj)).isTrue();

                serving.join(10_000);
                assertThat(serving.isAlive()).isFalse();
                assertThat(mount.liveSource()).isSameAs(dj);
                assertThat(mount.metadata().title()).isEmpty();
            }
        }
    }

    /** An origin's audio, and where in it the next song is announced. */
    private record OriginStream(byte[] audio, int announced) {
    }

    /**
     * Two seconds of tone, four of filler, two of tone again, as an origin whose DJ left and the next came; the next
     * song is announced 3 s into the filler, once the relay has stepped aside (after 2 s of it).
     */
    private OriginStream toneGapTone() {
        List<byte[]> tone = TestAudio.toneFrames(dir, 2);
        byte[] filler = SilentFrames.silentFrame(FrameHeader.parse(ByteBuffer.wrap(tone.get(0)).getInt()));
        byte[] before = TestAudio.concat(tone);
        byte[] gap = TestAudio.concat(Collections.nCopies(4 * 1000 / 26, filler));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(before);
        stream.writeBytes(gap);
        stream.writeBytes(before);
        return new OriginStream(stream.toByteArray(), before.length + gap.length * 3 / 4);
    }

    private static LiveSource source(String name) {
        return new LiveSource(new InetSocketAddress("127.0.0.1", 1), name, Instant.now(), StreamInfo.unnamed(), () -> { });
    }

    /**
     * One client: ICY audio with the title "First Song" until {@code announced} bytes, where it waits until
     * {@code goOn}, then goes on with "Next Song".
     */
    private static void serve(ServerSocket server, byte[] audio, int announced, BooleanSupplier goOn) {
        try (Socket client = server.accept()) {
            client.getInputStream().read(new byte[4096]);
            OutputStream out = client.getOutputStream();
            out.write(("ICY 200 OK\r\ncontent-type:audio/mpeg\r\nicy-metaint:" + METAINT + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            boolean waited = false;
            for (int offset = 0; offset + METAINT <= audio.length; offset += METAINT) {
                if (!waited && offset + METAINT >= announced) {
                    out.flush();
                    await("the origin may go on").atMost(Duration.ofSeconds(10)).until(goOn::getAsBoolean);
                    waited = true;
                }
                out.write(audio, offset, METAINT);
                out.write(titleBlock(waited ? "Next Song" : "First Song"));
            }
            out.flush();
            // Stay connected until the relay hangs up (the test ends), as a live origin would.
            client.getInputStream().read();
        } catch (IOException e) {
            // The relay hung up: the test is over.
        }
    }

    private static byte[] titleBlock(String title) {
        byte[] text = ("StreamTitle='" + title + "';").getBytes(StandardCharsets.ISO_8859_1);
        byte[] block = new byte[1 + 16 * ((text.length + 15) / 16)];
        block[0] = (byte) ((block.length - 1) / 16);
        System.arraycopy(text, 0, block, 1, text.length);
        return block;
    }
}
