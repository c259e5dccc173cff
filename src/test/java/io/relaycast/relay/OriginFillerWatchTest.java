package io.relaycast.relay;

import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.SilentFrames;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
        List<byte[]> tone = TestAudio.toneFrames(dir, 2);
        byte[] filler = SilentFrames.silentFrame(FrameHeader.parse(ByteBuffer.wrap(tone.get(0)).getInt()));
        byte[] before = TestAudio.concat(tone);
        byte[] gap = TestAudio.concat(Collections.nCopies(4 * 1000 / 26, filler));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(before);
        stream.writeBytes(gap);
        stream.writeBytes(before);
        // The next song is announced 3 s into the filler, once the relay has stepped aside (after 2 s of it).
        int announced = before.length + gap.length * 3 / 4;
        AtomicReference<Mount> relayed = new AtomicReference<>();
        BooleanSupplier steppedAside = () -> relayed.get() != null && relayed.get().liveSource() == null;
        try (ServerSocket origin = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(origin, stream.toByteArray(), announced, steppedAside), "filler-origin");
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

    /**
     * One client: ICY audio with the title "First Song" until {@code announced} bytes, where it waits until the relay
     * {@code steppedAside}, then goes on with "Next Song".
     */
    private static void serve(ServerSocket server, byte[] audio, int announced, BooleanSupplier steppedAside) {
        try (Socket client = server.accept()) {
            client.getInputStream().read(new byte[4096]);
            OutputStream out = client.getOutputStream();
            out.write(("ICY 200 OK\r\ncontent-type:audio/mpeg\r\nicy-metaint:" + METAINT + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            boolean waited = false;
            for (int offset = 0; offset + METAINT <= audio.length; offset += METAINT) {
                if (!waited && offset + METAINT >= announced) {
                    out.flush();
                    await("the relay stepped aside").atMost(Duration.ofSeconds(10)).until(steppedAside::getAsBoolean);
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
